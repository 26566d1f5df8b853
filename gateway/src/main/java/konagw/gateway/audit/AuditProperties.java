package konagw.gateway.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code konagw.audit.*}: the audit trail of card lookups and passthrough calls (deploy/OPERATIONS.md "Audit trail").
 *
 * @param enabled Whether audit events are written (on unless switched off explicitly).
 * @param file    A file that receives the audit events alone, one JSON object per line; unset: the konagw.audit logger
 *                writes through the application's own log output.
 */
@ConfigurationProperties("konagw.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, String file) {
}
