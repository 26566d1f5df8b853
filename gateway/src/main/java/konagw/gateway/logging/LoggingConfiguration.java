package konagw.gateway.logging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request correlation in the logs; the masking of card numbers is wired in META-INF/spring.factories. */
@Configuration(proxyBeanMethods = false)
public class LoggingConfiguration {

    @Bean
    RequestLoggingWebFilter requestLoggingWebFilter() {
        return new RequestLoggingWebFilter();
    }
}
