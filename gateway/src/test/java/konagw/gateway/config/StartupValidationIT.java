package konagw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import konagw.core.keys.KeyMaterial;
import konagw.gateway.KonagwApplication;

/** Misconfiguration fails startup with one clear line per problem, and no secret in any of them. */
class StartupValidationIT {

    static final String ACCESS_KEY = "AK" + "0123456789".repeat(3) + "ABCDEFGH";
    static final String SECRET = "s3cr3t-value-never-logged";

    @TempDir
    static Path dir;

    static Path serverCert;
    static Path clientKey;
    static Path weakKey;

    @BeforeAll
    static void keys() throws Exception {
        KeyPair server = KeyMaterial.generateRsa2048();
        KeyPair client = KeyMaterial.generateRsa2048();
        serverCert = Files.writeString(dir.resolve("server-cert.pem"),
                KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(server, "sandbox")));
        clientKey = Files.writeString(dir.resolve("client-key.pem"), KeyMaterial.toPem(client.getPrivate()));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        weakKey = Files.writeString(dir.resolve("weak-key.pem"), KeyMaterial.toPem(generator.generateKeyPair().getPrivate()));
    }

    static List<String> valid() {
        return new ArrayList<>(List.of(
                "konaplate.base-url=https://konaplate.example/open-api",
                "konaplate.asp-id=ASP000000000001",
                "konaplate.access-key=" + ACCESS_KEY,
                "konaplate.secret-key=" + SECRET,
                "konaplate.crypto.key-id=0123456789abcdef0123456789abcdef",
                "konaplate.crypto.server-public-key=file:" + serverCert,
                "konaplate.crypto.client-private-key=file:" + clientKey));
    }

    @Test
    void aValidConfigurationStarts() {
        try (ConfigurableApplicationContext context = start(valid())) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void everyProblemOfTheUpstreamPropertiesIsReportedAtOnceWhereTheyAreBoundWithoutValues() {
        List<String> properties = valid();
        properties.replaceAll(p -> p.startsWith("konaplate.asp-id=") ? "konaplate.asp-id=SHORT"
                : p.startsWith("konaplate.access-key=") ? "konaplate.access-key=" + ACCESS_KEY + "X"
                : p.startsWith("konaplate.crypto.key-id=") ? "konaplate.crypto.key-id=abc"
                : p);
        properties.add("konaplate.time-zone=XYZ");
        properties.add("konaplate.crypto.key-management=RSA1_5");
        properties.add("konaplate.instance-id=5000");
        InvalidConfigurationException failure = failure(properties);
        assertThat(failure.problems()).hasSize(6);
        assertThat(failure.getMessage())
                .contains("konaplate.asp-id must be exactly 15 characters (got 5)")
                .contains("konaplate.access-key must be exactly 40 characters (got 41)")
                .contains("konaplate.crypto.key-id must be exactly 32 characters (got 3)")
                .contains("konaplate.time-zone")
                .contains("konaplate.instance-id must be between 0 and 1023")
                .contains("konaplate.crypto.key-management must be RSA-OAEP-256 or RSA-OAEP")
                .doesNotContain("SHORT").doesNotContain(ACCESS_KEY).doesNotContain(SECRET);
    }

    @Test
    void everyProblemOfTheKeyFilesIsReportedAtOnce() {
        List<String> properties = valid();
        properties.replaceAll(p -> p.startsWith("konaplate.crypto.server-public-key=")
                ? "konaplate.crypto.server-public-key=file:" + dir.resolve("missing.pem")
                : p.startsWith("konaplate.crypto.client-private-key=")
                        ? "konaplate.crypto.client-private-key=file:" + weakKey
                : p);
        InvalidConfigurationException failure = failure(properties);
        assertThat(failure.problems()).hasSize(2);
        assertThat(failure.getMessage())
                .contains("konaplate.crypto.server-public-key: cannot read")
                .contains("konaplate.crypto.client-private-key")
                .contains("weak-key.pem")
                .doesNotContain(SECRET);
    }

    @Test
    void batchAndRoutePropertiesAreCheckedWhereTheyAreBound() {
        List<String> batch = valid();
        batch.add("konagw.batch.upstream-share=2");
        batch.add("konagw.batch.deadline=0s");
        assertThat(failure(batch).problems()).containsExactlyInAnyOrder(
                "konagw.batch.upstream-share must be within (0, 1]", "konagw.batch.deadline must be positive");
        List<String> routes = valid();
        routes.add("konagw.routes[0].id=charge");
        assertThat(failure(routes).problems())
                .containsExactly("konagw.routes[0].paths needs at least one path pattern under /api/");
    }

    @Test
    void missingCredentialsAreNamed() {
        List<String> properties = valid();
        properties.removeIf(p -> p.startsWith("konaplate.secret-key=") || p.startsWith("konaplate.access-key="));
        assertThat(failure(properties).problems())
                .containsExactlyInAnyOrder("konaplate.access-key is required", "konaplate.secret-key is required");
    }

    @Test
    void aShortCacheSecretIsRefused() {
        List<String> properties = valid();
        properties.add("konagw.cache.secret=c2hvcnQ=");
        assertThat(failure(properties).getMessage()).contains("konagw.cache.secret must decode to at least 32 bytes");
    }

    @Test
    void redisWithoutACacheSecretIsRefused() {
        List<String> properties = valid();
        properties.add("spring.data.redis.url=redis://127.0.0.1:1");
        assertThat(failure(properties).getMessage()).contains("konagw.cache.secret is required");
    }

    @Test
    void theCryptoProviderIsAnApplicationProperty() {
        List<String> properties = valid();
        properties.add("konagw.crypto.provider=bc");
        try (ConfigurableApplicationContext context = start(properties)) {
            assertThat(context.getBean(konagw.core.jwe.JweProvider.class)).isEqualTo(konagw.core.jwe.JweProvider.BC);
            assertThat(context.getBean(konagw.gateway.upstream.KonaplateConnection.class).settings().decryptor()
                    .provider()).isEqualTo(konagw.core.jwe.JweProvider.BC);
        }
        List<String> unknown = valid();
        unknown.add("konagw.crypto.provider=rot13");
        assertThat(failure(unknown).problems())
                .containsExactly("konagw.crypto.provider: unknown provider 'rot13'; supported: auto, jdk, bc, accp");
    }

    /** auto, the default: ACCP from the jar bundled for this platform (Linux x86_64 here), said by the gauge. */
    @Test
    void theDefaultCryptoProviderIsAccpWhereItLoads() {
        try (ConfigurableApplicationContext context = start(valid())) {
            assertThat(context.getBean(konagw.core.jwe.JweProviderSelection.class).describe()).isEqualTo("accp (auto)");
            assertThat(context.getBean(konagw.gateway.upstream.KonaplateConnection.class).settings().decryptor()
                    .provider()).isEqualTo(konagw.core.jwe.JweProvider.ACCP);
            io.micrometer.core.instrument.MeterRegistry meters = context.getBean(
                    io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(meters.get("konagw.crypto.provider.info").tag("provider", "accp").gauge().value())
                    .isEqualTo(1.0);
            assertThat(meters.find("konagw.crypto.provider.info").gauges()).hasSize(1);
            assertThat(context.getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).scrape())
                    .containsPattern("(?m)^konagw_crypto_provider_info\\{[^}]*provider=\"accp\"[^}]*} 1(\\.0)?$");
        }
        List<String> jdk = valid();
        jdk.add("konagw.crypto.provider=jdk");
        try (ConfigurableApplicationContext context = start(jdk)) {
            assertThat(context.getBean(konagw.core.jwe.JweProvider.class)).isEqualTo(konagw.core.jwe.JweProvider.JDK);
            assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .get("konagw.crypto.provider.info").tag("provider", "jdk").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void aNegativeNearCacheTtlIsRefused() {
        List<String> properties = valid();
        properties.add("konagw.cache.near.ttl=-1s");
        properties.add("konagw.cache.near.max-entries=0");
        assertThat(failure(properties).problems()).containsExactlyInAnyOrder(
                "konagw.cache.near.ttl must not be negative (0 turns the near cache off)",
                "konagw.cache.near.max-entries must be at least 1");
    }

    @Test
    void theProdProfileRefusesTheEmbeddedDefaults() {
        List<String> properties = new ArrayList<>(List.of("spring.profiles.active=prod", "spring.data.redis.url=redis://127.0.0.1:1",
                "konagw.cache.secret=" + konagw.gateway.support.GatewayIntegrationTest.CACHE_SECRET));
        assertThat(failure(properties).getMessage()).contains("konaplate.base-url is required in the prod profile");

        List<String> noRedis = valid();
        noRedis.add("spring.profiles.active=prod");
        noRedis.add("konagw.cache.secret=" + konagw.gateway.support.GatewayIntegrationTest.CACHE_SECRET);
        assertThat(failure(noRedis).getMessage()).contains("spring.data.redis.url");
    }

    /** The prod profile with everything but the upstream quota in order (a Redis that is down is fine). */
    static List<String> prod(String... quota) {
        List<String> properties = valid();
        properties.add("spring.profiles.active=prod");
        properties.add("spring.data.redis.url=redis://127.0.0.1:1");
        properties.add("konagw.cache.secret=" + konagw.gateway.support.GatewayIntegrationTest.CACHE_SECRET);
        properties.add("konagw.auth.mode=mesh");
        properties.addAll(List.of(quota));
        return properties;
    }

    @Test
    void theProdProfileStartsWithTheQuotaStated() {
        try (ConfigurableApplicationContext context = start(prod("konagw.upstream.rate-limit.enabled=true",
                "konagw.upstream.rate-limit.permits-per-second=50", "konagw.upstream.rate-limit.replicas-hint=4"))) {
            assertThat(context.isActive()).isTrue();
        }
        try (ConfigurableApplicationContext context = start(prod("konagw.upstream.rate-limit.enabled=false",
                "konagw.upstream.rate-limit.disabled-reason=the vendor enforces no quota on this contract"))) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void theProdProfileRefusesAnUnstatedUpstreamQuota() {
        assertThat(failure(prod()).problems()).containsExactly("konagw.upstream.rate-limit.enabled must be set in "
                + "the prod profile: true with permits-per-second and replicas-hint, or false with "
                + "konagw.upstream.rate-limit.disabled-reason");
    }

    @Test
    void theProdProfileRefusesTheQuotaOnWithoutTheVendorRate() {
        assertThat(failure(prod("konagw.upstream.rate-limit.enabled=true", "konagw.upstream.rate-limit.replicas-hint=4"))
                .problems()).singleElement().asString()
                .startsWith("konagw.upstream.rate-limit.permits-per-second is required in the prod profile");
    }

    @Test
    void theProdProfileRefusesTheQuotaOnWithoutReplicasHint() {
        assertThat(failure(prod("konagw.upstream.rate-limit.enabled=true",
                "konagw.upstream.rate-limit.permits-per-second=50")).problems()).singleElement().asString()
                .startsWith("konagw.upstream.rate-limit.replicas-hint is required in the prod profile");
    }

    @Test
    void theProdProfileRefusesTheQuotaOffWithoutAReason() {
        assertThat(failure(prod("konagw.upstream.rate-limit.enabled=false",
                "konagw.upstream.rate-limit.disabled-reason= ")).problems()).singleElement().asString()
                .startsWith("konagw.upstream.rate-limit.disabled-reason is required in the prod profile");
    }

    @Test
    void aTracingEndpointUnderBoot3sNameOrNotAUrlFailsStartup() {
        List<String> legacy = valid();
        legacy.add("management.otlp.tracing.endpoint=http://127.0.0.1:1/v1/traces");
        assertThat(failure(legacy).problems()).containsExactly("management.otlp.tracing.endpoint is no longer read"
                + " (Spring Boot 4): set management.opentelemetry.tracing.export.otlp.endpoint instead");
        List<String> notUrl = valid();
        notUrl.add("management.opentelemetry.tracing.export.otlp.endpoint=collector:4318");
        assertThat(catchThrowable(() -> start(notUrl).close())).hasStackTraceContaining(
                "Invalid endpoint, must start with http:// or https://");
    }

    private static ConfigurableApplicationContext start(List<String> properties) {
        // as arguments, not default properties: those lose to application.properties (ports 8080/8081)
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
        properties.forEach(p -> args.add("--" + p));
        return new SpringApplicationBuilder(KonagwApplication.class).run(args.toArray(String[]::new));
    }

    private static InvalidConfigurationException failure(List<String> properties) {
        Throwable thrown = catchThrowable(() -> start(properties).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("startup did not fail with InvalidConfigurationException", thrown);
    }
}
