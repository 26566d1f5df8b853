package konagw.gateway.transport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import konagw.gateway.KonagwApplication;
import konagw.gateway.support.NonBlocking;
import konagw.gateway.support.OwnNettyResources;

/**
 * A gateway started by a transport test with its own properties (as command-line arguments, so that they outrank
 * application.properties), its own Reactor Netty resources (closing it must not take down another context's), and
 * no Redis: the in-memory cache is enough here. BlockHound watches every non-blocking thread, TLS handshakes
 * included, as in {@code GatewayIntegrationTest}; closing the gateway fails the test if anything blocked one.
 */
final class TestGateway implements AutoCloseable {

    static {
        NonBlocking.install();
    }

    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";
    static final String MEMBER = "/api/v1/member/register";

    private static int cards;

    final ConfigurableApplicationContext context;
    final WebTestClient http;

    private TestGateway(ConfigurableApplicationContext context) {
        this.context = context;
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    static TestGateway start(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("management.server.port", "0");
        // these tests are about transport, not time budgets: a cold first exchange on a loaded CI machine (BlockHound
        // instrumenting, the JIT warming up) must not turn into a 504
        all.put("resilience4j.timelimiter.instances.konaplate.timeout-duration", "10s");
        all.put("resilience4j.timelimiter.instances.konaplate-passthrough.timeout-duration", "10s");
        all.putAll(properties);
        return new TestGateway(new SpringApplicationBuilder(KonagwApplication.class, OwnNettyResources.class)
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new)));
    }

    /** A card no earlier inquiry of this JVM asked for (the sandbox derives an account for every 9420… card). */
    static synchronized String freshCard() {
        return "9420" + String.format("%012d", 700_000L + ++cards);
    }

    WebTestClient.ResponseSpec inquire(String card) {
        return http.post().uri(INQUIRY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + card + "\"}").exchange();
    }

    WebTestClient.ResponseSpec passthrough(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
        List<String> calls = NonBlocking.blockingCalls();
        if (!calls.isEmpty()) {
            throw new AssertionError("blocking calls on non-blocking threads: " + calls);
        }
    }

}
