package konagw.gateway.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Structured logs (ECS, GELF, Logstash): every string value written — message, MDC and key-value pairs,
 * exception message and stack trace — goes through {@link PanMasking}. Registered in META-INF/spring.factories,
 * so that it applies whatever {@code logging.structured.json.customizer} an operator sets.
 */
public final class PanMaskingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(CharSequence.class,
                value -> PanMasking.mask(value.toString())));
    }
}
