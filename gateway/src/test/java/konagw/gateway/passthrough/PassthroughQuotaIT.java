package konagw.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;

import konagw.gateway.support.GatewayIntegrationTest;

/** Passthrough calls draw from the same upstream quota as the facade (a bucket of one permit here). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.upstream.rate-limit.enabled=true",
    "konagw.upstream.rate-limit.permits-per-second=0.01",
    "konagw.upstream.rate-limit.burst=1",
    "konagw.upstream.rate-limit.max-wait=0ms",
    "konagw.upstream.rate-limit.redis-timeout=3s"
})
class PassthroughQuotaIT extends GatewayIntegrationTest {

    @Test
    void aPassthroughCallOverTheQuotaIsRefusedWithoutReachingUpstream() {
        REDIS.command("FLUSHALL");
        post().expectStatus().isOk();
        post().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("900_001");
        assertThat(sandbox().requests("/api/v1/member/register")).isEqualTo(1);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post() {
        return http.post().uri("/api/v1/member/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"memberId\":\"M-1\"}").exchange();
    }
}
