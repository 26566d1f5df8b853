package konagw.gateway.tracing;

import java.util.Set;

import org.springframework.core.env.Environment;

/**
 * Whether the gateway traces at all: only when an OTLP span endpoint is configured
 * ({@value #ENDPOINT}, or Boot 3's {@value #LEGACY_ENDPOINT}) and export is not switched off
 * ({@code management.tracing.export.enabled}). Otherwise Boot's tracing auto-configurations do not run
 * ({@link TracingAutoConfigurationFilter}): no tracer, no tracing handler in the {@code ObservationRegistry}, so an
 * unconfigured gateway pays nothing per request for tracing it does not export.
 */
public final class TracingActivation {

    public static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
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

    public static boolean enabled(Environment environment) {
        String endpoint = environment.getProperty(ENDPOINT, environment.getProperty(LEGACY_ENDPOINT, ""));
        return !endpoint.isBlank()
                && environment.getProperty("management.tracing.export.enabled", Boolean.class, true)
                && environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class, true);
    }
}
