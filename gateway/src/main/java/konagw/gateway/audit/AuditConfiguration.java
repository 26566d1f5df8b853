package konagw.gateway.audit;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail (on unless {@code konagw.audit.enabled=false}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
@ConditionalOnBooleanProperty(name = "konagw.audit.enabled", matchIfMissing = true)
public class AuditConfiguration {

    @Bean(destroyMethod = "close")
    AuditLog auditLog(AuditProperties properties, MeterRegistry meters) {
        return new AuditLog(meters, properties.output(), properties.file(), properties.queueCapacity());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "konagw.audit.per-card-batch")
    CardAudit cardAudit(AuditLog audit, Clock clock) {
        return new CardAudit(audit, clock);
    }

    @Bean
    AuditWebFilter auditWebFilter(AuditLog audit, Clock clock, JsonMapper json) {
        return new AuditWebFilter(audit, clock, json);
    }
}
