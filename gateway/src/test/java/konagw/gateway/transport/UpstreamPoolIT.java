package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The classic reset: a load balancer between the gateway and the vendor forgets a connection that idled longer than
 * its timeout, without telling anyone, and the next request on it is reset. Played by a real TCP relay in front of
 * the sandbox: an idle time below the relay's means the gateway closes the connection first; where the relay wins
 * anyway, the inquiry's retry absorbs the reset — a passthrough route, never retried, answers 900_001.
 */
class UpstreamPoolIT {

    static final String BODY = "{\"memberId\":\"M-3001\"}";

    @Test
    void anIdleTimeBelowTheLoadBalancersClosesTheConnectionFirst() throws Exception {
        try (TestVendor vendor = TestVendor.start(null);
                IdleDroppingRelay relay = new IdleDroppingRelay(vendor.sandbox.port(), 1_500)) {
            Map<String, String> properties = vendor.gatewayProperties("http://127.0.0.1:" + relay.port());
            properties.put("konaplate.pool.max-idle-time", "300ms");
            properties.put("konaplate.pool.evict-in-background", "100ms");
            try (TestGateway gateway = TestGateway.start(properties)) {
                gateway.inquire(TestGateway.freshCard()).expectStatus().isOk();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk();
                // the gateway's background eviction closes both idle connections before the relay's 1.5 s are up
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> relay.closedByClient() >= 2);
                assertThat(relay.dropped()).isZero();

                gateway.inquire(TestGateway.freshCard()).expectStatus().isOk();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk();
                assertThat(relay.resets()).isZero();
                assertThat(relay.accepted()).as("new connections after the eviction").isGreaterThanOrEqualTo(4);
                assertThat(vendor.sandbox.admin().requests(TestGateway.MEMBER)).isEqualTo(2);
            }
        }
    }

    @Test
    void aConnectionTheLoadBalancerDroppedIsRetriedForTheInquiryButNeverForAPassthroughRoute() throws Exception {
        try (TestVendor vendor = TestVendor.start(null);
                IdleDroppingRelay relay = new IdleDroppingRelay(vendor.sandbox.port(), 300)) {
            Map<String, String> properties = vendor.gatewayProperties("http://127.0.0.1:" + relay.port());
            // deliberately longer than the relay's idle timeout, and no background eviction
            properties.put("konaplate.pool.max-idle-time", "60s");
            properties.put("konaplate.pool.evict-in-background", "0s");
            try (TestGateway gateway = TestGateway.start(properties)) {
                gateway.inquire(TestGateway.freshCard()).expectStatus().isOk();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk();
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> relay.dropped() >= 2);

                String card = TestGateway.freshCard();
                gateway.inquire(card).expectStatus().isOk().expectBody().jsonPath("$.accountNo").isNotEmpty();
                assertThat(relay.resets()).as("the first attempt met the dropped connection").isEqualTo(1);
                assertThat(vendor.sandbox.admin().inquiriesForCard(card)).isEqualTo(1);

                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isEqualTo(503)
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.code").isEqualTo("900_001");
                assertThat(relay.resets()).isEqualTo(2);
                assertThat(vendor.sandbox.admin().requests(TestGateway.MEMBER)).as("sent once, never again")
                        .isEqualTo(1);
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk();
            }
        }
    }
}
