package konagw.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;

/**
 * The lines a request logs carry its correlation id and its client id, also when they are logged on another
 * thread than the one that received the request (an upstream failure is logged after the retries, whose
 * back-off runs on a timer thread): real application, real sandbox, real Redis, the real console output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // SHA-256 of "alpha-key-0001"
    "konagw.auth.api-keys.alpha=2b1a5931da26d19c00366a5f12423f1ba3a021ad5878bc8d49536c976c31a033"
})
class RequestMdcIT extends GatewayIntegrationTest {

    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";

    @Test
    void anUpstreamFailureLoggedOffTheRequestThreadCarriesTheCallersCorrelationIdAndClient(CapturedOutput output) {
        sandbox().setFault(INQUIRY, Fault.errors(1.0, 500));
        inquiry("corr-mdc-0001", "9420000000000011").expectStatus().isEqualTo(503);
        String line = awaitLine(output, "upstream call failed: policy=interactive subject=942000******0011");
        assertThat(line).contains("[corr-mdc-0001 alpha] ");
        assertThat(line).doesNotContain("reactor-http-nio", "reactor-http-epoll")
                .as("logged after the retries' back-off, off the event loop that took the request");
    }

    @Test
    void withoutAUsableHeaderTheRequestGetsItsOwnCorrelationId(CapturedOutput output) {
        sandbox().setFault(INQUIRY, Fault.errors(1.0, 500));
        inquiry("no spaces allowed", "9420000000000012").expectStatus().isEqualTo(503);
        inquiry(null, "9420000000000013").expectStatus().isEqualTo(503);
        List<String> lines = List.of(awaitLine(output, "subject=942000******0012"),
                awaitLine(output, "subject=942000******0013"));
        assertThat(lines).allSatisfy(line -> assertThat(line).containsPattern("\\[[0-9a-f]{16} alpha\\] "));
        assertThat(lines.get(0).replaceAll(".*\\[([0-9a-f]{16}) alpha].*", "$1"))
                .isNotEqualTo(lines.get(1).replaceAll(".*\\[([0-9a-f]{16}) alpha].*", "$1"));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec inquiry(String correlationId,
            String card) {
        return http.post().uri(INQUIRY)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Api-Key", "alpha-key-0001")
                .headers(h -> {
                    if (correlationId != null) {
                        h.set(RequestLoggingWebFilter.HEADER, correlationId);
                    }
                })
                .bodyValue("{\"cardNo\":\"" + card + "\"}")
                .exchange();
    }

    private static String awaitLine(CapturedOutput output, String fragment) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> output.getOut().lines().filter(l -> l.contains(fragment)).findFirst().orElse(null),
                        line -> line != null);
    }
}
