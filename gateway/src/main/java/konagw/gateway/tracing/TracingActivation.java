package konagw.gateway.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.core.env.Environment;

/**
 * Whether the gateway traces at all: only when an OTLP span endpoint is configured ({@value #ENDPOINT}) and
 * export is not switched off
 * ({@code management.tracing.export.enabled}). Otherwise Boot's tracing auto-configurations do not run
 * ({@link TracingAutoConfigurationFilter}): no tracer, no tracing handler in the {@code ObservationRegistry}, so an
 * unconfigured gateway pays nothing per request for tracing it does not export.
 */
public final class TracingActivation {

    public static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    /** Boot 3's name, no longer bound by Boot 4: refused ({@link #problems}) rather than silently ignored. */
    public static final String LEGACY_ENDPOINT = "management.otlp.tracing.endpoint";

    /** Boot's and Spring Cloud Gateway's auto-configurations that create a tracer and its observation handlers. */
    static final Set<String> AUTO_CONFIGURATIONS = Set.of(
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin."
                    + "ZipkinWithOpenTelemetryTracingAutoConfiguration",
            "org.springframework.cloud.gateway.config.GatewayTracingAutoConfiguration");

    private TracingActivation() {
    }

    /**
     * What is wrong with the tracing configuration (empty: nothing); names properties, never values. An endpoint
     * that is no http(s) URL is refused by the OTLP exporter itself at startup.
     */
    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        if (!environment.getProperty(LEGACY_ENDPOINT, "").isBlank()) {
            problems.add(LEGACY_ENDPOINT + " is no longer read (Spring Boot 4): set " + ENDPOINT + " instead");
        }
        return problems;
    }

    public static boolean enabled(Environment environment) {
        String endpoint = environment.getProperty(ENDPOINT, "");
        return !endpoint.isBlank()
                && environment.getProperty("management.tracing.export.enabled", Boolean.class, true)
                && environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class, true);
    }
}
