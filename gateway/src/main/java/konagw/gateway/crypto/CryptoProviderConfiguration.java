package konagw.gateway.crypto;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweProviderSelection;
import konagw.gateway.config.InvalidConfigurationException;

/**
 * The JCA provider of every JWE operation (facade, passthrough routes, the embedded sandbox), chosen once at
 * startup from {@code konagw.crypto.provider}; one log line and {@code konagw_crypto_provider_info{provider}} say
 * which.
 */
@Configuration(proxyBeanMethods = false)
public class CryptoProviderConfiguration {

    public static final String INFO_GAUGE = "konagw.crypto.provider.info";

    private static final Logger log = LoggerFactory.getLogger(CryptoProviderConfiguration.class);

    @Bean
    JweProviderSelection jweProviderSelection(CryptoProperties properties, MeterRegistry meters) {
        JweProviderSelection selection;
        try {
            selection = JweProviderSelection.select(properties.provider());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(List.of(e.getMessage()));
        }
        log.info("crypto provider: {}", selection.describe());
        Gauge.builder(INFO_GAUGE, () -> 1)
                .description("The JCA provider of the JWE work (value always 1)")
                .tag("provider", selection.provider().name().toLowerCase(java.util.Locale.ROOT))
                .strongReference(true)
                .register(meters);
        return selection;
    }

    @Bean
    JweProvider jweProvider(JweProviderSelection selection) {
        return selection.provider();
    }
}
