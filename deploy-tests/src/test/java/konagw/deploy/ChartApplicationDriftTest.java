package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import konagw.core.jwe.JweProvider;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.ApiCredentials;
import konagw.gateway.KonagwApplication;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.CacheSecrets;
import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.inquiry.LimitsProperties;
import konagw.gateway.quota.UpstreamRateLimitProperties;
import konagw.gateway.upstream.KonaplateProperties;
import konagw.gateway.upstream.KonaplateSettingsResolver;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;

/**
 * Chart ↔ application drift: what helm/konagw renders (environment, ConfigMap, mounted Secrets) is bound by
 * the gateway's own configuration classes and passes its own startup validation, with real generated keys
 * written where the chart mounts them. For the default and the production values the whole application
 * is started from the render and answers an inquiry (production: against a local redis-server and a
 * standalone sandbox holding the same keys and credentials).
 */
class ChartApplicationDriftTest {

    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";
    static final String CARD = "9410000000000001";

    @TempDir
    static Path dir;

    static KeyPair serverKeys;
    static KeyPair clientKeys;
    static KeyPair nextClientKeys;
    static ApiCredentials credentials;
    static String cacheSecret;
    /** Secrets and keys as an operator's existing Secrets would hold them, given to the chart as values. */
    static Path prodSecrets;
    /** The same, with the client key encrypted (its password in the env Secret) and a next key id. */
    static Path chartManagedKeys;

    static LocalRedis redis;
    static SandboxServer sandbox;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void generateSecrets() throws Exception {
        serverKeys = KeyMaterial.generateRsa2048();
        clientKeys = KeyMaterial.generateRsa2048();
        nextClientKeys = KeyMaterial.generateRsa2048();
        credentials = new ApiCredentials("KONAGWDRIFT0001", "drift-test-access-key-" + "0".repeat(18),
                "drift-test-secret-key");
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        cacheSecret = Base64.getEncoder().encodeToString(secret);
        String serverCertificate = KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(serverKeys, "konaplate"));

        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("existingSecret", "");
        secrets.put("aspId", credentials.aspId());
        secrets.put("accessKey", credentials.accessKey());
        secrets.put("secretKey", credentials.secretKey());
        secrets.put("cacheSecret", cacheSecret);
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("existingSecret", "");
        keys.put("serverCertificate", serverCertificate);
        keys.put("clientPrivateKey", KeyMaterial.toPem(clientKeys.getPrivate()));
        prodSecrets = values("prod-secrets.yaml", Map.of("secrets", secrets, "keys", keys));

        // chart-managed.yaml sets the key passwords (test-key-password, test-next-key-password)
        Map<String, Object> encryptedKeys = new LinkedHashMap<>(keys);
        encryptedKeys.put("clientPrivateKey", encryptedPem(clientKeys.getPrivate(), "test-key-password"));
        encryptedKeys.put("next", Map.of(
                "serverCertificate", serverCertificate,
                "clientPrivateKey", KeyMaterial.toPem(nextClientKeys.getPrivate())));
        Map<String, Object> chartSecrets = new LinkedHashMap<>(secrets);
        chartSecrets.remove("existingSecret");
        chartManagedKeys = values("chart-managed-keys.yaml", Map.of("secrets", chartSecrets, "keys", encryptedKeys));

        redis = LocalRedis.start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    // --- binding and validation ------------------------------------------------------------------------

    @Test
    void defaultValuesBindToTheEmbeddedLocalDefaults() {
        RenderedEnvironment rendered = RenderedEnvironment.of(HelmChart.template());
        Binder binder = RenderedEnvironmentTest.binderOf(rendered.toSpringEnvironment(dir.resolve("defaults")));

        KonaplateProperties konaplate = konaplate(binder);
        assertThat(konaplate.embedded()).as("no base-url: the embedded sandbox").isTrue();
        assertThat(konaplate.timeZone()).isEqualTo("KST");
        assertThat(konaplate.crypto().keyManagement()).isEqualTo("RSA-OAEP-256");
        assertThat(konaplate.crypto().contentEncryption()).isEqualTo("A256GCM");
        assertThat(konaplate.crypto().envelope()).isEqualTo("compact");
        assertThat(konaplate.crypto().serverPublicKey()).as("no keys mounted").isNull();
        assertThat(cache(binder).secret()).isNull();
        assertThat(cache(binder).ttl().fixation()).isEqualTo(Duration.ofHours(12));
        assertThat(limits(binder).maxBody()).isEqualTo(DataSize.ofMegabytes(1));
    }

    @Test
    void chartManagedValuesWithRealKeysPassStartupValidation() {
        RenderedEnvironment rendered = RenderedEnvironment.of(
                HelmChart.template(TestValues.CHART_MANAGED, chartManagedKeys));
        Path root = dir.resolve("chart-managed");
        rendered.materializeFiles(root);
        Binder binder = RenderedEnvironmentTest.binderOf(rendered.toSpringEnvironment(root));

        KonaplateProperties konaplate = konaplate(binder);
        assertThat(konaplate.crypto().clientPrivateKeyPassword()).isEqualTo("test-key-password");
        assertThat(konaplate.crypto().next().keyId()).isEqualTo("fedcba9876543210fedcba9876543210");
        KonaplateClientSettings settings = resolve(konaplate);
        assertThat(settings.baseUrl()).hasToString("https://openapi.konaplate.example/open-api");
        assertThat(settings.credentials().accessKey()).isEqualTo(credentials.accessKey());
        assertThat(settings.cryptoKeyId()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(settings.envelope()).isEqualTo(WireEnvelope.parse("json:data"));
        assertThat(settings.timeZone().code()).isEqualTo("JST");

        CacheProperties cache = cache(binder);
        assertThat(CacheSecrets.fromBase64(cache.secret())).isNotNull();
        assertThat(cache.ttl().fixation()).isEqualTo(Duration.ofHours(6));
        assertThat(cache.ttl().cardNotFound()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cache.ttl().inactive()).as("not in the values: the application's default").hasMinutes(10);
        assertThat(limits(binder).maxBody()).isEqualTo(DataSize.ofKilobytes(512));
        UpstreamRateLimitProperties quota = quota(binder);
        assertThat(quota.enabled()).as("stated off, as the prod profile requires").isFalse();
        assertThat(quota.disabledReason()).isEqualTo("test values, no vendor behind them");
    }

    @Test
    void productionValuesWithTheirSecretsPassStartupValidation() {
        RenderedEnvironment rendered = RenderedEnvironment.of(HelmChart.template(HelmChart.PROD_VALUES, prodSecrets));
        Path root = dir.resolve("prod-bind");
        rendered.materializeFiles(root);
        ConfigurableEnvironment environment = rendered.toSpringEnvironment(root);
        assertThat(environment.getActiveProfiles()).containsExactly("prod");
        Binder binder = RenderedEnvironmentTest.binderOf(environment);

        KonaplateSettingsResolver resolver = new KonaplateSettingsResolver(new DefaultResourceLoader(), JweProvider.JDK);
        KonaplateClientSettings settings = resolver.resolve(konaplate(binder), Duration.ofSeconds(3));
        assertThat(settings.cryptoKeyId()).isEqualTo("5f2b9c1e7a4d4e0b8c3f6a2d9e1b7c40");
        assertThat(settings.envelope()).isEqualTo(WireEnvelope.compact());
        assertThat(CacheSecrets.fromBase64(cache(binder).secret())).isNotNull();
        assertThat(cache(binder).staleWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(limits(binder).maxBody()).isEqualTo(DataSize.ofMegabytes(1));
        UpstreamRateLimitProperties quota = quota(binder);
        assertThat(quota.enabled()).as("the production example turns the upstream quota on").isTrue();
        assertThat(quota.permitsPerSecond()).isEqualTo(50.0);
        assertThat(quota.effectiveBurst()).isEqualTo(5);
        assertThat(quota.replicasHint()).as("the HPA maximum").isEqualTo(12);
        assertThat(binder.bind("resilience4j.timelimiter.instances.konaplate.timeout-duration", Duration.class).get())
                .as("the budget resolve() is given").isEqualTo(Duration.ofSeconds(3));
    }

    /** The check above can fail: a server key where the client key belongs is refused, by property name. */
    @Test
    void aWrongKeyInTheKeySecretFailsStartupValidation() throws IOException {
        Map<String, Object> keys = HelmChart.readMap(prodSecrets);
        @SuppressWarnings("unchecked")
        Map<String, Object> keyValues = new LinkedHashMap<>((Map<String, Object>) keys.get("keys"));
        keyValues.put("clientPrivateKey", keyValues.get("serverCertificate"));
        Path swapped = values("swapped-keys.yaml", Map.of("keys", keyValues));
        RenderedEnvironment rendered = RenderedEnvironment.of(
                HelmChart.template(HelmChart.PROD_VALUES, prodSecrets, swapped));
        Path root = dir.resolve("swapped");
        rendered.materializeFiles(root);
        Binder binder = RenderedEnvironmentTest.binderOf(rendered.toSpringEnvironment(root));

        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                () -> resolve(konaplate(binder)));
        assertThat(failure).isNotNull();
        assertThat(failure.problems()).singleElement().asString()
                .startsWith("konaplate.crypto.client-private-key: ");
    }

    // --- the whole application, started from the render ---------------------------------------------------

    @Test
    void defaultValuesStartTheApplicationOnItsEmbeddedDefaults() throws Exception {
        RenderedEnvironment rendered = RenderedEnvironment.of(HelmChart.template());
        try (ConfigurableApplicationContext gateway = start(rendered, dir.resolve("defaults-run"), Map.of(),
                name -> true)) {
            int port = port(gateway);
            assertThat(inquire(port)).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Cache")).hasValue("MISS");
                assertThat(r.body()).contains("\"accountNo\":\"79790000000001\"");
            });
            awaitHit(port);
        }
    }

    @Test
    void productionValuesStartTheApplicationAgainstRedisAndTheVendor() throws Exception {
        RenderedEnvironment rendered = RenderedEnvironment.of(HelmChart.template(HelmChart.PROD_VALUES, prodSecrets));
        String keyId = (String) rendered.applicationProperties().get("konaplate.crypto.key-id");
        sandbox = SandboxServer.start(SandboxSettings.builder()
                .credentials(credentials)
                .cryptoKeyId(keyId)
                .serverKeys(serverKeys)
                .clientKeys(clientKeys)
                .jwe(JweSettings.of("RSA-OAEP-256", "A256GCM"))
                .envelope(WireEnvelope.compact())
                .build());
        Map<String, Object> overrides = Map.of(
                // https in the chart (its schema insists in prod); the local vendor stand-in speaks http
                "konaplate.base-url", sandbox.baseUrl().toString(),
                "spring.data.redis.url", redis.url());
        // where Redis runs is all that changes: the production Sentinel group (with TLS) becomes one local server
        Predicate<String> keep = name -> !name.startsWith("spring.data.redis.sentinel.")
                && !name.startsWith("spring.data.redis.ssl.");

        try (ConfigurableApplicationContext gateway = start(rendered, dir.resolve("prod-run"), overrides, keep)) {
            assertThat(gateway.getEnvironment().getActiveProfiles()).containsExactly("prod");
            int port = port(gateway);
            // the production values authenticate callers through the mesh: the identity header it sets
            String meshHeader = (String) rendered.applicationProperties().get("konagw.auth.mesh-header");
            assertThat(meshHeader).isNotBlank();
            String[] identity = {meshHeader, "By=spiffe://cluster.local/ns/payments/sa/konagw;URI=spiffe://cluster.local/ns/settlement/sa/batch"};
            assertThat(inquire(port).statusCode()).as("no mesh identity, no answer").isEqualTo(401);
            HttpResponse<String> first = inquire(port, identity);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(first.body()).contains("\"accountNo\":\"79790000000001\"");
            awaitHit(port, identity);
            assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
            assertThat(sandbox.admin().violationCount()).isZero();
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().keys("konagw:va:v1:*")).hasSize(1);
            } finally {
                client.shutdown();
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /**
     * Starts the gateway with exactly the rendered environment (container env over the ConfigMap's
     * application.yaml, key files below root) plus the test's overrides and ports 0; nothing from this
     * JVM's own environment.
     */
    static ConfigurableApplicationContext start(RenderedEnvironment rendered, Path root, Map<String, Object> overrides,
                                                Predicate<String> keepConfigMapProperty) {
        rendered.materializeFiles(root);
        ConfigurableEnvironment environment = rendered.toSpringEnvironment(root);
        MutablePropertySources sources = environment.getPropertySources();

        Map<String, String> variables = new LinkedHashMap<>(rendered.variables());
        // The ConfigMap mount that Spring would import; its application.yaml is already a source here.
        String location = variables.remove("SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(location).startsWith("file:").endsWith("/");
        assertThat(rendered.files()).containsKey(location.substring("file:".length()) + "application.yaml");
        variables.remove("JDK_JAVA_OPTIONS");
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
        List<PropertySource<?>> configMap = new ArrayList<>();
        sources.forEach(source -> {
            if (!source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
                configMap.add(source);
            }
        });
        for (PropertySource<?> source : configMap) {
            Map<String, Object> kept = new LinkedHashMap<>();
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
            for (String name : enumerable.getPropertyNames()) {
                if (keepConfigMapProperty.test(name)) {
                    kept.put(name, enumerable.getProperty(name));
                }
            }
            sources.replace(source.getName(), new MapPropertySource(source.getName(), kept));
        }
        Map<String, Object> test = new LinkedHashMap<>(overrides);
        test.put("server.port", "0");
        test.put("management.server.port", "0");
        sources.addFirst(new MapPropertySource("test-overrides", test));
        return new SpringApplicationBuilder(KonagwApplication.class).environment(environment).run();
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The entry is written behind the answer: a caller right after may still join the landing write (MISS). */
    static void awaitHit(int port, String... headers) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> inquire(port, headers).headers().firstValue("X-Cache").orElse(""), "HIT"::equals);
    }

    static HttpResponse<String> inquire(int port, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + INQUIRY))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString("{\"cardNo\":\"" + CARD + "\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static KonaplateClientSettings resolve(KonaplateProperties properties) {
        return new KonaplateSettingsResolver(new DefaultResourceLoader(), JweProvider.JDK).resolve(properties, Duration.ofSeconds(3));
    }

    static KonaplateProperties konaplate(Binder binder) {
        return binder.bindOrCreate("konaplate", Bindable.of(KonaplateProperties.class));
    }

    static CacheProperties cache(Binder binder) {
        return binder.bindOrCreate("konagw.cache", Bindable.of(CacheProperties.class));
    }

    static UpstreamRateLimitProperties quota(Binder binder) {
        return binder.bindOrCreate("konagw.upstream.rate-limit", Bindable.of(UpstreamRateLimitProperties.class));
    }

    static LimitsProperties limits(Binder binder) {
        return binder.bindOrCreate("konagw.limits", Bindable.of(LimitsProperties.class));
    }

    static Path values(String name, Map<String, Object> values) {
        try {
            return Files.writeString(dir.resolve(name), new Yaml().dump(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encryptedPem(PrivateKey key, String password) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key,
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(new BouncyCastleProvider())
                            .setPassword(password.toCharArray())
                            .build()));
        }
        return out.toString();
    }
}
