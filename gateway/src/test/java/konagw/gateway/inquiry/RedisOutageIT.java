package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import konagw.gateway.support.GatewayIntegrationTest;

/**
 * Stops the shared Redis mid-test and starts it again on the same port (test classes run one at a time).
 * Without the near cache, so that every lookup meets the dead Redis (NearCacheIT covers hot cards).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "konagw.cache.near.ttl=0")
class RedisOutageIT extends GatewayIntegrationTest {

    @LocalManagementPort
    int managementPort;

    @AfterEach
    void redisIsBack() {
        REDIS.resume();
    }

    @Test
    void answersStayCorrectWhileRedisIsDownAndHealthSaysDegraded() {
        inquireCard("9410000000000001").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        awaitCached("9410000000000001");
        inquireCard("9410000000000001").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");

        REDIS.stop();
        for (int i = 0; i < 10; i++) {
            inquireCard("9410000000000001").expectStatus().isOk()
                    .expectHeader().valueEquals("X-Cache", "MISS")
                    .expectBody().jsonPath("$.connectType").isEqualTo("FIXATION");
        }
        inquireCard("9410000000000029").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("003_029");
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(10)).build();
        management.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.cache.status").isEqualTo("DEGRADED");
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        assertThat(breakers.circuitBreaker("redis").getState().name()).isIn("OPEN", "HALF_OPEN");
        assertThat(breakers.circuitBreaker("konaplate").getState().name()).isEqualTo("CLOSED");

        REDIS.resume();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            inquireCard("9410000000000001").returnResult(String.class);
            return "HIT".equals(inquireCard("9410000000000001").returnResult(String.class)
                    .getResponseHeaders().getFirst("X-Cache"));
        });
        management.get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
