package konagw.gateway.keys;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.client.KonaplateClient;
import konagw.gateway.upstream.KonaplateConnection;
import konagw.gateway.upstream.KonaplateProperties;
import konagw.core.jwe.JweProvider;
import konagw.gateway.upstream.KonaplateSettingsResolver;

/** Key-file reloading, for a configured vendor only (the embedded sandbox has no key files). */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {

    @Bean
    @Conditional(VendorConfigured.class)
    KeyFileReloader keyFileReloader(KonaplateProperties properties, ResourceLoader resources, KonaplateClient client,
            KonaplateConnection connection, Clock clock, MeterRegistry meters, JweProvider jweProvider) {
        return new KeyFileReloader(properties.crypto(), new KonaplateSettingsResolver(resources, jweProvider), resources, client,
                connection.keyFilesDigest(), clock, meters);
    }

    static final class VendorConfigured implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String baseUrl = context.getEnvironment().getProperty("konaplate.base-url");
            return baseUrl != null && !baseUrl.isBlank();
        }
    }
}
