package konagw.gateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.KmHeaders;
import konagw.gateway.KonagwApplication;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.support.NonBlocking;
import konagw.gateway.support.OwnNettyResources;
import konagw.gateway.support.RedisTestServer;
import konagw.gateway.tracing.OtlpReceiver;
import konagw.gateway.tracing.TracingActivation;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Callbacks end to end with real processes: a standalone sandbox calling back like the vendor, two gateway instances
 * sharing a real redis-server (the replay guard), and a real internal HTTP service recording what reaches it.
 */
class CallbacksIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NEXT_KEY_ID = "0123456789abcdef0123456789abcdef";
    private static final String EVENT = "{\"eventType\":\"PAYMENT_DONE\",\"amount\":1200,\"orderId\":\"o-1\"}";

    static RedisTestServer redis;
    static SandboxServer vendor;
    static InternalReceiver receiver;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static OtlpReceiver otlp;

    @BeforeAll
    static void start() throws IOException {
        NonBlocking.install();
        redis = RedisTestServer.start();
        KeyPair nextClientKeys = KeyMaterial.generateRsa2048();
        // the project holds a second key id, as during a rotation
        vendor = SandboxServer.start(SandboxSettings.builder()
                .extraClientKey(NEXT_KEY_ID, (RSAPublicKey) nextClientKeys.getPublic()).build());
        receiver = new InternalReceiver();
        Path keys = Files.createTempDirectory("konagw-callbacks-keys-");
        vendor.keys().writeGatewayHalf(keys);
        Files.writeString(keys.resolve("next-client-key.pem"), KeyMaterial.toPem(nextClientKeys.getPrivate()));
        otlp = OtlpReceiver.start();
        a = startInstance(keys, Map.of());
        // the second instance traces: its forwards carry a trace to the internal service
        b = startInstance(keys, Map.of(TracingActivation.ENDPOINT, otlp.endpoint(),
                "management.tracing.sampling.probability", "1.0"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, receiver, vendor, redis, otlp}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @AfterEach
    void nothingBlockedANonBlockingThread() {
        assertThat(NonBlocking.blockingCalls()).as("blocking calls on non-blocking threads").isEmpty();
    }

    @BeforeEach
    void cleanSlate() {
        receiver.clear();
        receiver.answer(200, "{\"code\":\"000_000\",\"message\":\"Success.\",\"accepted\":true}");
    }

    @Test
    void aGoodCallbackIsForwardedOnceDecryptedAndTheAnswerGoesBack() {
        JsonNode result = send(a, "/callbacks/payment", EVENT, null);

        assertThat(result.path("status").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(result.path("body").asString()).path("accepted").asBoolean()).isTrue();
        assertThat(receiver.received()).hasSize(1);
        InternalReceiver.Received got = receiver.received().get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/internal/payment");
        assertThat(JSON.readTree(got.body())).isEqualTo(JSON.readTree(EVENT));
        assertThat(got.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(got.headers().get(KmHeaders.CORRELATION_ID)).isEqualTo(result.path("correlationId").asString());
        assertThat(got.headers().get("X-Konagw-Callback-Route")).isEqualTo("payment");
        assertThat(got.headers()).doesNotContainKeys(KmHeaders.TRAN_TOKEN, KmHeaders.USER_ASP_ID);
        assertThat(got.headers()).as("tracing is off on this instance").doesNotContainKey("traceparent");
        assertThat(forwarded(a, "payment", "relayed")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void withTracingOnAForwardIsASpanWhoseTraceTheInternalServiceContinues() {
        JsonNode result = send(b, "/callbacks/payment", EVENT, null);

        assertThat(result.path("status").asInt()).isEqualTo(200);
        assertThat(receiver.received()).hasSize(1);
        String traceparent = receiver.received().get(0).headers().get("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.substring(3, 35);
        String correlationId = result.path("correlationId").asString();
        OtlpReceiver.Span span = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> otlp.spans().stream().filter(s -> s.name().equals("konagw.callback.forward")
                        && s.traceId().equals(traceId)).findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(span.attributes()).containsEntry("konagw.callback.route", "payment")
                .containsEntry("konagw.correlation_id", correlationId).containsEntry("outcome", "relayed");
    }

    @Test
    void aCallbackUnderTheOtherKeyIdOfARotationIsAccepted() {
        JsonNode result = send(a, "/callbacks/payment", EVENT, null, true, NEXT_KEY_ID);

        assertThat(result.path("status").asInt()).isEqualTo(200);
        assertThat(receiver.received()).hasSize(1);
        assertThat(JSON.readTree(receiver.received().get(0).body())).isEqualTo(JSON.readTree(EVENT));
    }

    @Test
    void anOpenBreakerAnswers503WithoutCallingTheInternalServiceAndTheRouteWorksOnceItCloses() {
        CircuitBreaker breaker = a.getBean(CircuitBreakerRegistry.class).circuitBreaker("callback-payment");
        double before = forwarded(a, "payment", "breaker_open");
        breaker.transitionToForcedOpenState();
        try {
            JsonNode result = send(a, "/callbacks/payment", EVENT, null);
            assertThat(result.path("status").asInt()).isEqualTo(503);
            assertThat(receiver.received()).isEmpty();
            assertThat(forwarded(a, "payment", "breaker_open")).isEqualTo(before + 1);
        } finally {
            breaker.reset();
        }
        assertThat(send(a, "/callbacks/payment", EVENT, null).path("status").asInt()).isEqualTo(200);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aSlowInternalServiceAnswers503() {
        double before = forwarded(a, "slow", "timeout");
        JsonNode result = send(a, "/callbacks/slow", EVENT, null);
        assertThat(result.path("status").asInt()).isEqualTo(503);
        assertThat(JSON.readTree(result.path("body").asString()).path("code").asString()).isEqualTo("900_001");
        assertThat(forwarded(a, "slow", "timeout")).isEqualTo(before + 1);
    }

    @Test
    void aPlainRouteCanAnswerTheVendorEncrypted() {
        receiver.answer(202, "{\"code\":\"000_000\",\"message\":\"Queued.\"}");
        JsonNode result = send(a, "/callbacks/notice", EVENT, null, false);

        assertThat(result.path("status").asInt()).isEqualTo(202);
        assertThat(result.path("body").asString()).doesNotContain("Queued").startsWith("eyJ");
        assertThat(JSON.readTree(result.path("plaintext").asString()).path("message").asString()).isEqualTo("Queued.");
        assertThat(receiver.received()).hasSize(1);
        assertThat(JSON.readTree(receiver.received().get(0).body())).isEqualTo(JSON.readTree(EVENT));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("bad-token", "signature"),
                Arguments.of("token-over-other-body", "signature"),
                Arguments.of("time-outside-window", "window"),
                Arguments.of("unknown-kid", "kid"),
                Arguments.of("tampered-jwe", "jwe"),
                Arguments.of("wrong-asp-id", "asp_id"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("faults")
    void eachFaultIsRefusedAndNeverForwarded(String fault, String reason) {
        double before = rejected(a, "payment", reason);

        JsonNode result = send(a, "/callbacks/payment", EVENT, fault);

        assertThat(result.path("status").asInt()).isEqualTo(400);
        JsonNode body = JSON.readTree(result.path("body").asString());
        assertThat(body.path("code").asString()).isEqualTo("000_002");
        assertThat(body.path("message").asString()).isNotBlank();
        assertThat(receiver.received()).isEmpty();
        assertThat(rejected(a, "payment", reason)).isEqualTo(before + 1);
    }

    @Test
    void aReplayIsRefusedHereAndOnTheOtherInstanceSharingRedis() {
        JsonNode first = send(a, "/callbacks/payment", EVENT, null);
        assertThat(first.path("status").asInt()).isEqualTo(200);
        double beforeA = rejected(a, "payment", "replay");
        double beforeB = rejected(b, "payment", "replay");

        JsonNode again = send(a, "/callbacks/payment", EVENT, "replayed-correlation-id");
        JsonNode elsewhere = send(b, "/callbacks/payment", EVENT, "replayed-correlation-id");

        assertThat(again.path("status").asInt()).isEqualTo(400);
        assertThat(elsewhere.path("status").asInt()).isEqualTo(400);
        assertThat(again.path("correlationId").asString()).isEqualTo(first.path("correlationId").asString());
        assertThat(receiver.received()).hasSize(1);
        assertThat(rejected(a, "payment", "replay")).isEqualTo(beforeA + 1);
        assertThat(rejected(b, "payment", "replay")).isEqualTo(beforeB + 1);
        assertThat(redis.command("EXISTS", CallbackHandler.REPLAY_KEY_PREFIX + "payment:"
                + first.path("correlationId").asString().toLowerCase())).isEqualTo("1");
    }

    @Test
    void theInternalServiceDownAnswers503AndTheRedeliveryIsNotAReplay() {
        double before = forwarded(a, "down", "unavailable");

        JsonNode result = send(a, "/callbacks/down", EVENT, null);
        JsonNode redelivered = send(a, "/callbacks/down", EVENT, "replayed-correlation-id");

        assertThat(result.path("status").asInt()).isEqualTo(503);
        assertThat(redelivered.path("status").asInt()).as("the claim was given back").isEqualTo(503);
        assertThat(forwarded(a, "down", "unavailable")).isEqualTo(before + 2);
    }

    @Test
    void anInternal5xxAnswers503() {
        receiver.answer(500, "{\"error\":\"boom\"}");
        JsonNode result = send(a, "/callbacks/payment", EVENT, null);
        assertThat(result.path("status").asInt()).isEqualTo(503);
        assertThat(result.path("body").asString()).doesNotContain("boom");
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void theCallbackPortServesOnlyCallbackRoutesAndTheMainPortNone() throws Exception {
        int callbackPort = a.getBean(CallbackServer.class).port();
        int mainPort = Integer.parseInt(a.getEnvironment().getProperty("local.server.port"));
        for (String path : new String[] {"/api/v1/card/virtual-account/inquiry", "/actuator/health",
                "/api/v1/card/virtual-account/inquiry/jobs", "/callbacks"}) {
            assertThat(post(callbackPort, path, "{\"cardNo\":\"9410123456789012\"}").statusCode())
                    .as(path).isEqualTo(404);
        }
        assertThat(get(callbackPort, "/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(post(mainPort, "/callbacks/payment", EVENT).statusCode()).isEqualTo(404);
        assertThat(receiver.received()).isEmpty();
    }

    // --- helpers ---

    static ConfigurableApplicationContext startInstance(Path keys, Map<String, String> extra) throws IOException {
        var settings = vendor.settings();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("management.server.port", "0");
        p.put("konaplate.base-url", vendor.baseUrl().toString());
        p.put("konaplate.asp-id", settings.credentials().aspId());
        p.put("konaplate.access-key", settings.credentials().accessKey());
        p.put("konaplate.secret-key", settings.credentials().secretKey());
        p.put("konaplate.crypto.key-id", settings.cryptoKeyId());
        p.put("konaplate.crypto.server-public-key", "file:" + keys.resolve("server-cert.pem"));
        p.put("konaplate.crypto.client-private-key", "file:" + keys.resolve("client-key.pem"));
        p.put("konaplate.crypto.next.key-id", NEXT_KEY_ID);
        p.put("konaplate.crypto.next.client-private-key", "file:" + keys.resolve("next-client-key.pem"));
        p.put("spring.data.redis.url", redis.url());
        p.put("konagw.cache.secret", GatewayIntegrationTest.CACHE_SECRET);
        p.put("konagw.cache.redis-timeout", "2s");
        p.put("konagw.callbacks.port", "0");
        route(p, 0, "payment", "/callbacks/payment", receiver.url("/internal/payment"), true, false);
        route(p, 1, "notice", "/callbacks/notice", receiver.url("/internal/notice"), false, true);
        route(p, 2, "down", "/callbacks/down", "http://127.0.0.1:" + closedPort() + "/internal/down", true, false);
        route(p, 3, "slow", "/callbacks/slow", receiver.url("/internal/slow"), true, false);
        p.put("konagw.callbacks.routes[3].timeout", "300ms");
        p.putAll(extra);
        return new SpringApplicationBuilder(KonagwApplication.class, OwnNettyResources.class)
                .run(p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static void route(Map<String, String> p, int i, String id, String path, String to, boolean encrypted,
                              boolean encryptResponse) {
        String r = "konagw.callbacks.routes[" + i + "].";
        p.put(r + "id", id);
        p.put(r + "path", path);
        p.put(r + "forward-to", to);
        p.put(r + "encrypted", String.valueOf(encrypted));
        p.put(r + "encrypt-response", String.valueOf(encryptResponse));
        p.put(r + "timeout", "2s");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Asks the sandbox to call this gateway instance back. */
    static JsonNode send(ConfigurableApplicationContext gateway, String path, String body, String fault) {
        return send(gateway, path, body, fault, true);
    }

    static JsonNode send(ConfigurableApplicationContext gateway, String path, String body, String fault,
                         boolean encrypted) {
        return send(gateway, path, body, fault, encrypted, null);
    }

    static JsonNode send(ConfigurableApplicationContext gateway, String path, String body, String fault,
                         boolean encrypted, String keyId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", "http://127.0.0.1:" + gateway.getBean(CallbackServer.class).port());
        request.put("path", path);
        request.put("body", JSON.readTree(body));
        request.put("encrypted", encrypted);
        request.put("fault", fault);
        request.put("keyId", keyId);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(vendor.baseUrl() + "/_sandbox/callback"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static double rejected(ConfigurableApplicationContext gateway, String route, String reason) {
        Counter c = gateway.getBean(MeterRegistry.class).find(CallbackMetrics.REJECTED)
                .tags("route", route, "reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    static double forwarded(ConfigurableApplicationContext gateway, String route, String outcome) {
        Counter c = gateway.getBean(MeterRegistry.class).find(CallbackMetrics.FORWARDED)
                .tags("route", route, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

}
