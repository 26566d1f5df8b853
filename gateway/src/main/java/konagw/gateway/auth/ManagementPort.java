package konagw.gateway.auth;

import java.net.InetSocketAddress;

import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells requests to the actuator's own port apart. Boot's management child context builds its web handler from
 * every {@code WebFilter} bean, the parent's included, so the application's filters would guard the probes too.
 * With {@code management.server.port} equal to the application's port the actuator is an application endpoint and
 * is authenticated like the others.
 */
final class ManagementPort {

    private final Environment environment;
    private volatile int port = -1;

    ManagementPort(Environment environment) {
        this.environment = environment;
    }

    boolean matches(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        if (local == null) {
            return false;
        }
        int management = port;
        if (management < 0) {
            Integer managementPort = environment.getProperty("local.management.port", Integer.class);
            Integer serverPort = environment.getProperty("local.server.port", Integer.class);
            if (managementPort == null || serverPort == null) {
                return false;
            }
            management = managementPort.equals(serverPort) ? 0 : managementPort;
            port = management;
        }
        return management > 0 && local.getPort() == management;
    }
}
