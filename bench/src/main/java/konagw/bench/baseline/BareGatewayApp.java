package konagw.bench.baseline;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Baseline 2: a bare Spring Cloud Gateway (server-webflux) route, no filters of its own, to a static upstream
 * (run.sh points it at {@link MinimalHandlerApp}).
 * <pre>java -cp … konagw.bench.baseline.BareGatewayApp --server.port=18083 --bench.upstream=http://127.0.0.1:18082</pre>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BareGatewayApp {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BareGatewayApp.class);
        app.setDefaultProperties(java.util.Map.of(
                "spring.main.banner-mode", "off",
                "spring.application.name", "bench-bare-gateway"));
        app.run(args);
    }

    @Bean
    RouteLocator routes(RouteLocatorBuilder routes, @Value("${bench.upstream}") String upstream) {
        return routes.routes().route("minimal", r -> r.path("/api/**").uri(upstream)).build();
    }
}
