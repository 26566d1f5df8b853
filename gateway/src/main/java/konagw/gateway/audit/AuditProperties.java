package konagw.gateway.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code konagw.audit.*}: the audit trail of card lookups and passthrough calls (deploy/OPERATIONS.md "Audit trail").
 *
 * @param enabled whether events are written (on unless switched off explicitly)
 * @param file    a file that receives the events alone, one JSON object per line; unset: the {@code konagw.audit}
 *                logger writes through the application's own log output
 */
@ConfigurationProperties("konagw.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, String file) {
}
