package konagw.gateway.scaleout;

import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import konagw.gateway.KonagwApplication;
import konagw.gateway.support.OwnNettyResources;

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

}
