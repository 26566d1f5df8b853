package konagw.gateway.inquiry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * {@code konagw.limits.*}: how much a caller may send.
 *
 * @param maxBody Largest request body of the facade and the passthrough routes (more: 413 900_006).
 */
@Validated
@ConfigurationProperties("konagw.limits")
public record LimitsProperties(@NotNull @DefaultValue("1MB") DataSize maxBody) {
}
