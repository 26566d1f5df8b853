package konagw.gateway.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;

/**
 * {@code konagw.audit.*}: the audit trail of card lookups and passthrough calls (deploy/OPERATIONS.md "Audit trail").
 *
 * @param enabled Whether audit events are written (on unless switched off explicitly).
 * @param file    A file that receives the audit events alone, one JSON object per line; unset: the konagw.audit logger
 *                writes through the application's own log output.
 * @param perCardBatch Whether a batch also writes one audit event per card it looked up (masked card, source,
 *                result), next to its own event with the counts; a job likewise per card of each stored chunk.
 * @param queueCapacity Audit events that may wait for the audit writer (a thread of its own); an event that finds the
 *                queue full is counted in konagw.audit.failures, like any event that could not be written.
 */
@Validated
@ConfigurationProperties("konagw.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, String file,
        @DefaultValue("false") boolean perCardBatch,
        @Min(1) @DefaultValue("65536") int queueCapacity) {
}
