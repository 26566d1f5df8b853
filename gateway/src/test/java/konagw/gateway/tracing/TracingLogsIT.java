package konagw.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;

/**
 * With tracing on, a request's log lines (ECS JSON, as in production) carry its trace id beside its correlation
 * id — here the caller's, from its {@code traceparent}, on a line logged off the request's thread.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.tracing.sampling.probability=1.0",
    "logging.structured.format.console=ecs"
})
class TracingLogsIT extends GatewayIntegrationTest {

    static final OtlpReceiver RECEIVER = OtlpReceiver.start();
    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";
    static final String CALLER_TRACE = "5bf92f3577b34da6a3ce929d0e0e4737";

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add(TracingActivation.ENDPOINT, RECEIVER::endpoint);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aRequestsLinesCarryItsTraceId(CapturedOutput output) {
        sandbox().setFault(INQUIRY, Fault.errors(1.0, 500));
        http.post().uri(INQUIRY).contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-" + CALLER_TRACE + "-10f067aa0ba902b7-01")
                .header("X-Correlation-Id", "corr-trace-0001")
                .bodyValue("{\"cardNo\":\"9420000000000021\"}")
                .exchange().expectStatus().isEqualTo(503);
        String line = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> output.getOut().lines().filter(l -> l.contains("upstream call failed")
                        && l.contains("corr-trace-0001")).findFirst().orElse(null), l -> l != null);
        assertThat(line).contains(CALLER_TRACE).doesNotContain("9420000000000021");
    }
}
