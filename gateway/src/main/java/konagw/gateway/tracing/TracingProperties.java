package konagw.gateway.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code konagw.tracing.*}. Tracing itself is on when an OTLP endpoint is set ({@link TracingActivation}); these
 * say where trace context may go.
 * @param propagateUpstream Whether passthrough requests to the vendor carry the trace context headers (traceparent,
 *                          tracestate); off by default, so that the vendor learns nothing of our traces. The
 *                          facade's own upstream client never sends them.
 */
@Validated
@ConfigurationProperties("konagw.tracing")
public record TracingProperties(boolean propagateUpstream) {
}
