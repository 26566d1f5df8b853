package konagw.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import konagw.gateway.support.GatewayIntegrationTest;

/**
 * {@code konagw.tracing.propagate-upstream=true}: passthrough requests carry the W3C trace context to the vendor —
 * the counterpart of {@link TracingIT}'s "no trace header at the sandbox", which shows that check can fail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.tracing.sampling.probability=1.0",
    "konagw.tracing.propagate-upstream=true"
})
class TracingPropagationIT extends GatewayIntegrationTest {

    static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add(TracingActivation.ENDPOINT, RECEIVER::endpoint);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void passthroughRequestsCarryTheTraceWhenConfigured() {
        http.post().uri("/api/v1/member/register")
                .contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .bodyValue("{\"memberId\":\"M-9\"}")
                .exchange()
                .expectStatus().isOk();

        assertThat(sandbox().headerNamesSeen()).contains("traceparent");
    }
}
