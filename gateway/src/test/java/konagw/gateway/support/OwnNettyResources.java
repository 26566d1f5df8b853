package konagw.gateway.support;

import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.context.annotation.Bean;

/**
 * A source for a gateway started with {@code SpringApplicationBuilder}: its own Reactor Netty resources. By default
 * every context shares the global ones and the first closed disposes them, taking down the servers and clients of
 * every other context in the JVM (the cached contexts of other integration tests among them). Not a
 * {@code @Configuration}: only used as a source, never found by component scanning.
 */
public final class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }
}
