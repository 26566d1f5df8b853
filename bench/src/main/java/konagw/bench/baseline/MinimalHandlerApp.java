package konagw.bench.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Baseline 1: the least a WebFlux handler can do for the facade's request — read the JSON body with Jackson and
 * answer the same small JSON a cache hit answers. No Spring Cloud Gateway (disabled), no actuator, no component scan.
 * <pre>java -cp … konagw.bench.baseline.MinimalHandlerApp --server.port=18082</pre>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class MinimalHandlerApp {

    public record CardRequest(String cardNo) {
    }

    public record Account(String accountNo, String bankCode, String connectType, String status) {
    }

    static final Account ACCOUNT = new Account("79790000000001", "090", "FIXATION", "ACTIVE");

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(MinimalHandlerApp.class);
        app.setDefaultProperties(java.util.Map.of(
                "spring.main.banner-mode", "off",
                "spring.cloud.gateway.server.webflux.enabled", "false",
                "spring.application.name", "bench-minimal-handler"));
        app.run(args);
    }

    @Bean
    RouterFunction<ServerResponse> inquiry() {
        return RouterFunctions.route()
                .POST("/api/v1/card/virtual-account/inquiry", request -> request.bodyToMono(CardRequest.class)
                        .flatMap(card -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(ACCOUNT)))
                .build();
    }
}
