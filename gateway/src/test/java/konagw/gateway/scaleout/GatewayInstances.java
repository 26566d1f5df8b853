package konagw.gateway.scaleout;

import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

import konagw.gateway.KonagwApplication;

/** Starts gateway instances in this JVM that behave like separate processes towards each other. */
final class GatewayInstances {

    private GatewayInstances() {
    }

    /**
     * Starts the gateway with these properties as command-line arguments (they must outrank the jar's
     * application.properties, e.g. server.port=8080, which default properties would not) and with its own
     * Reactor Netty event loops and connection pools.
     */
    static ConfigurableApplicationContext start(Map<String, String> properties) {
        return new SpringApplicationBuilder(KonagwApplication.class, OwnNettyResources.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    /**
     * By default every context shares Reactor Netty's global resources and the first one closed disposes
     * them, taking down the servers and clients of every other context in the JVM (e.g. the cached
     * contexts of the other integration tests). Not a {@code @Configuration}: only used as a source here,
     * never found by component scanning.
     */
    static final class OwnNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        }
    }
}
