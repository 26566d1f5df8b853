package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;

/** Entries turn stale at once here, so every second lookup tests the stale-if-error path. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.cache.ttl.fixation=1ms",
    "konagw.cache.ttl.rotation=1ms",
    "konagw.cache.ttl.inactive=1ms",
    "konagw.cache.stale-window=1h",
    "resilience4j.circuitbreaker.instances.konaplate.minimum-number-of-calls=100"
})
class StaleIfErrorIT extends GatewayIntegrationTest {

    @Autowired
    VirtualAccountLookup lookup;

    @Test
    void aStaleFixationEntryAnswersWhileUpstreamFails() {
        inquireCard("9410000000000001").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        inquireCard("9410000000000003").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        awaitCached("9410000000000001", "9410000000000003");

        sandbox().setFault(null, Fault.errors(1.0, 503));
        inquireCard("9410000000000001").expectStatus().isOk()
                .expectHeader().valueEquals("X-Cache", "STALE")
                .expectBody().jsonPath("$.connectType").isEqualTo("FIXATION");
        inquireCard("9410000000000003").expectStatus().isOk()
                .expectHeader().valueEquals("X-Cache", "STALE")
                .expectBody().jsonPath("$.status").isEqualTo("INACTIVE");
        assertThat(sandbox().totalRequests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aStaleRotationEntryIsNeverServed() {
        inquireCard("9410000000000002").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        // landed (its 1 ms entry expires at once): the next lookup reads the store instead of joining the flight
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lookup.inFlight() == 0);
        // a ROTATION entry is never kept past its TTL (no stale window): whether or not it has expired
        // yet, it must not answer while upstream fails

        sandbox().setFault(null, Fault.errors(1.0, 503));
        inquireCard("9410000000000002").expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("900_001");
    }

    @Test
    void aStaleEntryAnswersWhenTheCircuitIsOpen() {
        inquireCard("9410000000000001").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        awaitCached("9410000000000001");
        breakers.circuitBreaker("konaplate").transitionToOpenState();
        long before = sandbox().totalRequests();
        inquireCard("9410000000000001").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "STALE");
        inquireCard("9420000000000001").expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.code").isEqualTo("900_001");
        assertThat(sandbox().totalRequests()).isEqualTo(before);
    }
}
