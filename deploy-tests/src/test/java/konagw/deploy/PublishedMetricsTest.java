package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.ApiCredentials;
import konagw.gateway.KonagwApplication;
import konagw.gateway.callbacks.CallbackServer;
import konagw.sandbox.Fault;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;

/**
 * Every metric an alert rule or a dashboard panel reads exists in a real scrape of the application: the
 * gateway is started against a real redis-server and a standalone sandbox (a configured vendor, so the key
 * reloader and its metrics exist, with the upstream quota on), driven through a miss, a hit, a batch, a
 * passthrough call, a vendor error, upstream 5xx, an answer that does not decrypt and key files that stop
 * loading, and then scraped. Each selector of each expression must select at least one scraped series
 * (its metric name and every label matcher), and each label grouped by must exist on what it groups.
 * <p>No metric needs an exemption: the ones that appear only after an event are driven above, the others
 * are registered at startup (at zero).
 */
class PublishedMetricsTest {

    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";
    /** Added by Prometheus to every series from the target (ServiceMonitor / compose scrape config), never by the app. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "instance", "job");

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static LocalRedis redis;
    static SandboxServer sandbox;
    static ConfigurableApplicationContext gateway;
    static Path clientKeyFile;

    @BeforeAll
    static void start() throws IOException {
        KeyPair serverKeys = KeyMaterial.generateRsa2048();
        KeyPair clientKeys = KeyMaterial.generateRsa2048();
        ApiCredentials credentials = new ApiCredentials("KONAGWMETRIC001", "metrics-test-access-key-" + "0".repeat(16),
                "metrics-test-secret-key");
        String keyId = "0123456789abcdef0123456789abcdef";
        redis = LocalRedis.start();
        sandbox = SandboxServer.start(SandboxSettings.builder()
                .credentials(credentials)
                .cryptoKeyId(keyId)
                .serverKeys(serverKeys)
                .clientKeys(clientKeys)
                .jwe(JweSettings.of("RSA-OAEP-256", "A256GCM"))
                .envelope(WireEnvelope.compact())
                .build());
        Path serverCert = Files.writeString(dir.resolve("server-cert.pem"),
                KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(serverKeys, "konaplate")));
        clientKeyFile = Files.writeString(dir.resolve("client-key.pem"), KeyMaterial.toPem(clientKeys.getPrivate()));

        // nothing from this JVM's environment: only the arguments below and the application's own defaults
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        gateway = new SpringApplicationBuilder(KonagwApplication.class).environment(environment).run(
                "--server.port=0",
                "--management.server.port=0",
                "--konaplate.base-url=" + sandbox.baseUrl(),
                "--konaplate.asp-id=" + credentials.aspId(),
                "--konaplate.access-key=" + credentials.accessKey(),
                "--konaplate.secret-key=" + credentials.secretKey(),
                "--konaplate.crypto.key-id=" + keyId,
                "--konaplate.crypto.server-public-key=file:" + serverCert,
                "--konaplate.crypto.client-private-key=file:" + clientKeyFile,
                "--konaplate.crypto.reload-interval=100ms",
                "--spring.data.redis.url=" + redis.url(),
                "--konagw.cache.secret=" + "bWV0cmljcy10ZXN0LWNhY2hlLXNlY3JldC0zMi1ieXRlcyE=",
                "--konagw.cache.redis-timeout=2s",
                "--konagw.upstream.rate-limit.enabled=true",
                "--konagw.upstream.rate-limit.permits-per-second=1000",
                // the callback listener, with a route whose internal service is not there (503, counted)
                "--konagw.callbacks.port=0",
                "--konagw.callbacks.routes[0].id=metrics",
                "--konagw.callbacks.routes[0].path=/callbacks/metrics",
                "--konagw.callbacks.routes[0].forward-to=http://127.0.0.1:" + closedPort() + "/internal",
                "--konagw.callbacks.routes[0].encrypted=false");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void everyMetricReadByAnAlertOrAPanelIsPublished() throws Exception {
        drive();
        Scrape scrape = scrape();

        Map<String, String> expressions = new LinkedHashMap<>(DeployFiles.alertExpressions());
        expressions.putAll(DeployFiles.dashboardExpressions());
        assertThat(expressions).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : expressions.entrySet()) {
            problems.addAll(problemsOf(entry.getKey(), entry.getValue(), scrape));
        }
        assertThat(problems).as("selectors of the alert rules and the dashboard that select nothing in the scrape "
                + "(metrics published: %s)", scrape.metrics()).isEmpty();
    }

    /** What in one expression selects nothing in the scrape. */
    static List<String> problemsOf(String where, String expr, Scrape scrape) {
        List<String> problems = new ArrayList<>();
        PromQl.Parsed parsed = PromQl.parse(expr);
        if (parsed.selectors().isEmpty()) {
            problems.add(where + ": no metric in " + expr);
        }
        for (PromQl.Selector selector : parsed.selectors()) {
            List<Scrape.Series> series = scrape.of(selector.metric());
            if (series.isEmpty()) {
                problems.add(where + ": metric " + selector.metric() + " is not published");
                continue;
            }
            List<PromQl.Matcher> matchers = selector.matchers().stream()
                    .filter(m -> !TARGET_LABELS.contains(m.label())).toList();
            matchers.stream().filter(m -> m.value().contains("$"))
                    .forEach(m -> problems.add(where + ": a dashboard variable outside the target labels: " + m));
            boolean selects = series.stream()
                    .anyMatch(s -> matchers.stream().allMatch(m -> m.matches(s.labels().get(m.label()))));
            if (!selects) {
                problems.add(where + ": " + selector.metric() + matchers + " matches none of "
                        + series.stream().map(Scrape.Series::labels).toList());
            }
        }
        for (String label : parsed.groupingLabels()) {
            boolean present = TARGET_LABELS.contains(label) || parsed.selectors().stream()
                    .flatMap(selector -> scrape.of(selector.metric()).stream())
                    .anyMatch(s -> s.labels().containsKey(label));
            if (!present) {
                problems.add(where + ": grouped by " + label + ", which none of its metrics carries");
            }
        }
        return problems;
    }

    /** The traffic and the events after which each metric exists. */
    static void drive() throws Exception {
        int port = port("local.server.port");
        // a miss, then the hit once the entry is written behind the answer
        assertThat(post(port, INQUIRY, "{\"cardNo\":\"9410000000000001\"}").statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> post(port, INQUIRY, "{\"cardNo\":\"9410000000000001\"}")
                        .headers().firstValue("X-Cache").orElse(""), "HIT"::equals);
        // a vendor error (card not found) and a batch
        assertThat(post(port, INQUIRY, "{\"cardNo\":\"9410000000000029\"}").statusCode()).isEqualTo(400);
        assertThat(post(port, INQUIRY + "/batch", "{\"cardNos\":[\"9410000000000001\",\"9410000000000002\",\"12\"]}")
                .statusCode()).isEqualTo(200);
        // a passthrough call (the sandbox echoes any API other than the inquiry)
        HttpResponse<String> echo = post(port, "/api/v1/member/register", "{\"memberId\":\"M-1\"}");
        assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
        // upstream failing: konagw_upstream_errors_total and a 5xx to the caller
        sandbox.admin().setFault(INQUIRY, Fault.errors(1.0, 500));
        assertThat(post(port, INQUIRY, "{\"cardNo\":\"9420000000000005\"}").statusCode()).isEqualTo(503);
        // an answer that does not decrypt: konagw_crypto_failures_total
        sandbox.admin().setFault(INQUIRY, Fault.invalidJweFault());
        assertThat(post(port, INQUIRY, "{\"cardNo\":\"9420000000000006\"}").statusCode()).isEqualTo(502);
        sandbox.admin().clearFaults();
        // callbacks from the sandbox: one refused (konagw_callbacks_rejected_total), one the internal service
        // could not take (konagw_callbacks_forwarded_total, konagw_callbacks_forward_seconds)
        String callbackUrl = "http://127.0.0.1:" + gateway.getBean(CallbackServer.class).port();
        for (String fault : new String[] {"\"wrong-asp-id\"", "null"}) {
            HttpResponse<String> sent = post(sandbox.port(), "/_sandbox/callback", "{\"url\":\"" + callbackUrl
                    + "\",\"path\":\"/callbacks/metrics\",\"body\":{\"a\":1},\"encrypted\":false,\"fault\":" + fault + "}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        }
        // mounted key files replaced by something that does not load: konagw_keys_reload_failing 1
        Files.writeString(clientKeyFile, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> scrape().value("konagw_keys_reload_failing", Map.of()).orElse(0.0) == 1.0);
    }

    static Scrape scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port("local.management.port") + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "text/plain;version=0.0.4")
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    static HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static int port(String property) {
        return Integer.parseInt(gateway.getEnvironment().getProperty(property));
    }
}
