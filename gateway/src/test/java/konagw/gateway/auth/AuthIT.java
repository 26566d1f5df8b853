package konagw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import konagw.gateway.support.GatewayIntegrationTest;

/**
 * Caller authentication and the per-client inbound limit on the facade (functional route, WebFilter) and the
 * passthrough (Spring Cloud Gateway RequestRateLimiter), with the real sandbox and a real Redis. The bucket holds 3
 * tokens and refills one per second, so a burst of a few requests is refused whatever the machine's speed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // SHA-256 of "alpha-key-0001" and "beta-key-0002"
    "konagw.auth.api-keys.alpha=2b1a5931da26d19c00366a5f12423f1ba3a021ad5878bc8d49536c976c31a033",
    "konagw.auth.api-keys.beta=4F92EBB0C93F227AF325B1B196EE75DFE19F738B2CF0DFF7492ED97EDD8813E1",
    "konagw.auth.rate-limit.enabled=true",
    "konagw.auth.rate-limit.replenish-rate=1",
    "konagw.auth.rate-limit.burst-capacity=3"
})
class AuthIT extends GatewayIntegrationTest {

    static final String ALPHA = "alpha-key-0001";
    static final String BETA = "beta-key-0002";
    static final String CARD = "9410000000000001";
    static final String MEMBER = "/api/v1/member/register";
    static final String BODY = "{\"memberId\":\"M-7\"}";

    @LocalManagementPort
    int managementPort;

    @Test
    void theFacadeRefusesCallersWithoutAValidKey() {
        facade(null).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_005").jsonPath("$.status").isEqualTo(401);
        facade("alpha-key-0002").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("900_005");
        facade("").expectStatus().isUnauthorized();
        assertThat(sandbox().totalRequests()).isZero();

        facade(ALPHA).expectStatus().isOk().expectBody().jsonPath("$.accountNo").isNotEmpty();
        facade(BETA).expectStatus().isOk();
    }

    @Test
    void thePassthroughRefusesCallersWithoutAValidKeyAndNeverForwardsIt() {
        passthrough(null).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_005");
        passthrough("wrong").expectStatus().isUnauthorized();
        assertThat(sandbox().totalRequests()).isZero();

        passthrough(ALPHA).expectStatus().isOk().expectBody().json(BODY, true);
        assertThat(sandbox().requests(MEMBER)).isEqualTo(1);
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void theFacadeAnswers429ProblemOverTheClientLimit() {
        EntityExchangeResult<byte[]> limited = firstRefusal(() -> facade(ALPHA));
        assertThat(limited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(limited.getResponseBody())).contains("\"code\":\"900_004\"").contains("\"status\":429");
        assertThat(limited.getResponseHeaders().getFirst("Retry-After")).isNotNull();
        // the limit is per client: another client still gets through
        facade(BETA).expectStatus().isOk();
    }

    @Test
    void thePassthroughAnswers429ProblemOverTheClientLimit() {
        EntityExchangeResult<byte[]> limited = firstRefusal(() -> passthrough(ALPHA));
        assertThat(limited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(limited.getResponseBody())).contains("\"code\":\"900_004\"");
        assertThat(limited.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
        long forwarded = sandbox().requests(MEMBER);
        passthrough(BETA).expectStatus().isOk();
        assertThat(sandbox().requests(MEMBER)).isEqualTo(forwarded + 1);
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void theActuatorOnItsOwnPortNeedsNoKey() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                .get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk();
    }

    /** Sends until refused (at most 10 requests; the bucket of 3 refills one per second). */
    private static EntityExchangeResult<byte[]> firstRefusal(java.util.function.Supplier<WebTestClient.ResponseSpec> call) {
        for (int i = 0; i < 10; i++) {
            EntityExchangeResult<byte[]> result = call.get().expectBody().returnResult();
            if (result.getStatus().value() == 429) {
                assertThat(i).isGreaterThanOrEqualTo(3);
                return result;
            }
            assertThat(result.getStatus().value()).isEqualTo(200);
        }
        throw new AssertionError("no 429 after 10 requests");
    }

    private WebTestClient.ResponseSpec facade(String key) {
        WebTestClient.RequestBodySpec request = http.post().uri("/api/v1/card/virtual-account/inquiry")
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request.header(CallerAuthenticationWebFilter.API_KEY_HEADER, key);
        }
        return request.bodyValue("{\"cardNo\":\"" + CARD + "\"}").exchange();
    }

    private WebTestClient.ResponseSpec passthrough(String key) {
        WebTestClient.RequestBodySpec request = http.post().uri(MEMBER).contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request.header(CallerAuthenticationWebFilter.API_KEY_HEADER, key);
        }
        return request.bodyValue(BODY).exchange();
    }
}
