package konagw.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;

/** Passthrough routes against the real sandbox (it echoes any API other than the inquiry) and a real Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.routes[0].id=plain",
    "konagw.routes[0].paths[0]=/api/v1/plain/**",
    "konagw.routes[0].encrypted=false",
    "konagw.routes[1].id=slow",
    "konagw.routes[1].paths[0]=/api/v1/slow",
    "konagw.routes[1].timeout=300ms",
    "resilience4j.circuitbreaker.instances.konaplate-passthrough.sliding-window-size=4",
    "resilience4j.circuitbreaker.instances.konaplate-passthrough.minimum-number-of-calls=4",
    "resilience4j.circuitbreaker.instances.konaplate-passthrough.wait-duration-in-open-state=30s",
    "konagw.limits.max-body=2KB"
})
class PassthroughIT extends GatewayIntegrationTest {

    static final String MEMBER = "/api/v1/member/register";
    static final String CHARGE = "/api/v1/charge";
    static final String BODY = "{\"memberId\":\"M-1001\",\"name\":\"Kim\",\"amount\":15000,\"tags\":[\"a\",\"b\"]}";

    @Autowired
    MeterRegistry meters;

    @Test
    void anEncryptedRouteSendsAJweAndAnswersTheDecryptedEcho() {
        byte[] answer = post(MEMBER, BODY).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().exists("X-KM-Correlation-Id")
                .expectHeader().doesNotExist("X-KM-Crypto-Key-Id")
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(answer)).isEqualTo(BODY);
        assertThat(sandbox().requests(MEMBER)).isEqualTo(1);
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void anUnencryptedRouteSendsPlainJsonSignedAndAnswersTheEcho() {
        String path = "/api/v1/plain/echo";
        byte[] answer = post(path, BODY).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().exists("X-KM-Correlation-Id")
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(answer)).isEqualTo(BODY);
        assertThat(sandbox().requests(path)).isEqualTo(1);
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void everyExchangeHasItsOwnCorrelationIdAndToken() {
        for (int i = 0; i < 5; i++) {
            post(MEMBER, "{\"n\":" + i + "}").expectStatus().isOk().expectBody().json("{\"n\":" + i + "}");
        }
        assertThat(sandbox().requests(MEMBER)).isEqualTo(5);
        assertThat(sandbox().duplicateCorrelationIds()).isZero();
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void aVendorErrorKeepsItsStatusAndCode() {
        // the plain echo answers 400 000_002 to JSON that is not an object (a body that is not JSON never leaves)
        post("/api/v1/plain/echo", "[1,2]").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().exists("X-KM-Correlation-Id")
                .expectBody().jsonPath("$.code").isEqualTo("000_002");
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void anUpstream500OnAChargeIsSentOnceAndAnswers503() {
        sandbox().setFault(CHARGE, Fault.errors(1.0, 500));
        post(CHARGE, "{\"amount\":1000}").expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectHeader().exists("X-KM-Correlation-Id")
                .expectBody()
                .jsonPath("$.code").isEqualTo("900_001")
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.correlationId").isNotEmpty();
        assertThat(sandbox().requests(CHARGE)).isEqualTo(1);
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void aSlowUpstreamAnswers504WithinTheRouteTimeout() {
        sandbox().setFault("/api/v1/slow", Fault.latency(Duration.ofSeconds(3)));
        post("/api/v1/slow", "{\"q\":1}").expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_002");
        assertThat(sandbox().requests("/api/v1/slow")).isEqualTo(1);
    }

    @Test
    void anUndecryptableAnswerIs502AndCountedAsACryptoFailure() {
        double before = meters.find("konagw.crypto.failures").counters().stream().mapToDouble(c -> c.count()).sum();
        sandbox().setFault(MEMBER, Fault.invalidJweFault());
        post(MEMBER, BODY).expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_003");
        assertThat(meters.find("konagw.crypto.failures").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(before + 1);
    }

    @Test
    void aPlainSuccessOnAnEncryptedRouteIs502AndCountedAsACryptoFailure() {
        double before = meters.find("konagw.crypto.failures").tag("kind", "not_encrypted").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        sandbox().setFault(null, Fault.plaintextSuccessFault());
        post(MEMBER, BODY).expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_003")
                .jsonPath("$.memberId").doesNotExist();
        assertThat(meters.find("konagw.crypto.failures").tag("kind", "not_encrypted").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(before + 1);
        // a plain route's success is plain by design; an error may come plain on any route
        post("/api/v1/plain/echo", BODY).expectStatus().isOk().expectBody().json(BODY);
        post("/api/v1/plain/echo", "not json").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("000_002");
    }

    @Test
    void theBreakerOpensAfterFailuresAndStopsCallingUpstream() {
        sandbox().setFault(CHARGE, Fault.errors(1.0, 503));
        for (int i = 0; i < 4; i++) {
            post(CHARGE, "{\"i\":" + i + "}").expectStatus().isEqualTo(503);
        }
        post(CHARGE, "{\"i\":5}").expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "30")
                .expectBody().jsonPath("$.code").isEqualTo("900_001")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Circuit open"));
        assertThat(sandbox().requests(CHARGE)).isEqualTo(4);
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverLeaves() {
        post(MEMBER, "{\"x\":\"" + "a".repeat(3000) + "\"}").expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_006");
        http.post().uri(MEMBER).contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("900_007");
        assertThat(sandbox().totalRequests()).isZero();
    }

    @Test
    void theFacadeStillServesItsOwnPaths() {
        inquireCard("9410000000000001").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().violations()).isEmpty();
    }

    private WebTestClient.ResponseSpec post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header("X-Api-Key", "caller-secret")
                .header("Authorization", "Bearer internal")
                .bodyValue(body).exchange();
    }
}
