package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tracing.*}: nothing rendered while the endpoint is empty; set, it becomes the application's properties. */
class TracingValuesTest {

    @Test
    void noEndpointRendersNoTracingProperty() {
        Map<String, Object> app = HelmChart.template().applicationYaml();
        assertThat(Y.at(app, "management", "opentelemetry")).isNull();
        assertThat(Y.at(app, "management", "tracing")).isNull();
    }

    @Test
    void anEndpointTurnsExportOnWithItsSamplingAndNoUpstreamPropagation(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("tracing.yaml"), """
                tracing:
                  otlpEndpoint: http://otel-collector.observability:4318/v1/traces
                  samplingProbability: 0.25
                """);
        Map<String, Object> app = HelmChart.template(values).applicationYaml();
        assertThat(Y.at(app, "management", "opentelemetry", "tracing", "export", "otlp", "endpoint"))
                .isEqualTo("http://otel-collector.observability:4318/v1/traces");
        assertThat(Y.at(app, "management", "tracing", "sampling", "probability")).isEqualTo(0.25);
        assertThat(Y.at(app, "konagw", "tracing", "propagate-upstream")).isEqualTo(false);
        assertThat(Y.at(app, "management", "server", "port")).isNotNull();
    }

    @Test
    void theSchemaRefusesAnEndpointThatIsNoUrl() {
        assertThat(HelmChart.templateError(Map.of("tracing.otlpEndpoint", "otel-collector:4318"))).contains("otlpEndpoint");
    }
}
