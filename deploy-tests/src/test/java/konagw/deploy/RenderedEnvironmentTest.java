package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * The rendered environment bound with Spring Boot's own Binder: every environment variable the chart
 * sets lands on the application property it is meant for, and every value of the ConfigMap and the
 * Secrets arrives intact. (Binding the gateway's configuration classes themselves is the TODO in
 * {@link RenderedEnvironment}.)
 */
class RenderedEnvironmentTest {

    /** Environment variable the chart may set -> the property Spring binds it to. */
    static final Map<String, String> ENV_PROPERTIES = new LinkedHashMap<>();

    static {
        ENV_PROPERTIES.put("SPRING_PROFILES_ACTIVE", "spring.profiles.active");
        ENV_PROPERTIES.put("KONAPLATE_ASPID", "konaplate.asp-id");
        ENV_PROPERTIES.put("KONAPLATE_ACCESSKEY", "konaplate.access-key");
        ENV_PROPERTIES.put("KONAPLATE_SECRETKEY", "konaplate.secret-key");
        ENV_PROPERTIES.put("KONAGW_CACHE_SECRET", "konagw.cache.secret");
        ENV_PROPERTIES.put("KONAPLATE_CRYPTO_CLIENTPRIVATEKEYPASSWORD", "konaplate.crypto.client-private-key-password");
        ENV_PROPERTIES.put("KONAPLATE_CRYPTO_NEXT_CLIENTPRIVATEKEYPASSWORD",
                "konaplate.crypto.next.client-private-key-password");
        ENV_PROPERTIES.put("SPRING_DATA_REDIS_PASSWORD", "spring.data.redis.password");
        ENV_PROPERTIES.put("SPRING_DATA_REDIS_SENTINEL_PASSWORD", "spring.data.redis.sentinel.password");
        ENV_PROPERTIES.put("KONAPLATE_PROXY_PASSWORD", "konaplate.proxy.password");
    }

    /** Variables for the JVM and Spring's config loading, not bound to properties by the application. */
    static final java.util.Set<String> LAUNCH_VARIABLES = java.util.Set.of(
            "JDK_JAVA_OPTIONS", "SPRING_CONFIG_ADDITIONAL_LOCATION");

    private static RenderedEnvironment environment;
    private static Binder binder;

    @BeforeAll
    static void render() {
        environment = RenderedEnvironment.of(HelmChart.template(TestValues.CHART_MANAGED));
        binder = binderOf(environment.toSpringEnvironment());
    }

    @Test
    void everyVariableTheChartSetsIsOneSpringBinds() {
        Map<String, String> variables = environment.variables();
        assertThat(variables.keySet()).containsExactlyInAnyOrder(
                "SPRING_PROFILES_ACTIVE", "SPRING_CONFIG_ADDITIONAL_LOCATION", "JDK_JAVA_OPTIONS",
                "KONAPLATE_ASPID", "KONAPLATE_ACCESSKEY", "KONAPLATE_SECRETKEY", "KONAGW_CACHE_SECRET",
                "KONAPLATE_CRYPTO_CLIENTPRIVATEKEYPASSWORD", "KONAPLATE_CRYPTO_NEXT_CLIENTPRIVATEKEYPASSWORD",
                "SPRING_DATA_REDIS_PASSWORD");
        variables.forEach((name, value) -> {
            if (!LAUNCH_VARIABLES.contains(name)) {
                assertThat(ENV_PROPERTIES).as("a property for %s", name).containsKey(name);
                assertThat(binder.bind(ENV_PROPERTIES.get(name), String.class).orElse(null))
                        .as("%s -> %s", name, ENV_PROPERTIES.get(name)).isEqualTo(value);
            }
        });
    }

    @Test
    void secretsArriveFromTheChartMadeSecret() {
        assertThat(string("konaplate.asp-id")).isEqualTo("KONAGWTESTASP01");
        assertThat(string("konaplate.access-key")).hasSize(40).startsWith("test-access-key-");
        assertThat(string("konaplate.secret-key")).isEqualTo("test-secret-key");
        assertThat(string("konagw.cache.secret")).isEqualTo("dGVzdC1vbmx5LWNhY2hlLXNlY3JldC0zMi1ieXRlcyE=");
        assertThat(string("konaplate.crypto.client-private-key-password")).isEqualTo("test-key-password");
        assertThat(string("konaplate.crypto.next.client-private-key-password")).isEqualTo("test-next-key-password");
        assertThat(string("spring.data.redis.password")).isEqualTo("test-redis-password");
    }

    @Test
    void configMapValuesBindWithTheirTypes() {
        assertThat(environment.toSpringEnvironment().getActiveProfiles()).containsExactly("prod");
        assertThat(string("konaplate.base-url")).isEqualTo("https://openapi.konaplate.example/open-api");
        assertThat(string("konaplate.time-zone")).isEqualTo("JST");
        assertThat(binder.bind("konaplate.instance-id", Integer.class).get()).isEqualTo(7);
        assertThat(string("konaplate.crypto.key-id")).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(string("konaplate.crypto.key-management")).isEqualTo("RSA-OAEP");
        assertThat(string("konaplate.crypto.content-encryption")).isEqualTo("A128GCM");
        assertThat(string("konaplate.crypto.envelope")).isEqualTo("json:data");
        assertThat(string("konaplate.crypto.next.key-id")).isEqualTo("fedcba9876543210fedcba9876543210");
        assertThat(binder.bind("konagw.cache.ttl.fixation", Duration.class).get()).isEqualTo(Duration.ofHours(6));
        assertThat(binder.bind("konagw.cache.ttl.card-not-found", Duration.class).get()).hasSeconds(30);
        assertThat(binder.bind("konagw.cache.stale-window", Duration.class).get()).isEqualTo(Duration.ofMinutes(45));
        assertThat(binder.bind("konagw.limits.max-body", DataSize.class).get()).isEqualTo(DataSize.ofKilobytes(512));
        assertThat(string("spring.data.redis.url")).isEqualTo("rediss://redis.redis.svc:6380");
        assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(8080);
        assertThat(binder.bind("management.server.port", Integer.class).get()).isEqualTo(8081);
        assertThat(string("server.shutdown")).isEqualTo("graceful");
        assertThat(binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get()).hasSeconds(20);
    }

    @Test
    void keyLocationsPointAtTheMountedFiles(@TempDir Path root) throws Exception {
        Map<String, String> locations = Map.of(
                "konaplate.crypto.server-public-key", "/etc/konagw/keys/server-cert.pem",
                "konaplate.crypto.client-private-key", "/etc/konagw/keys/client-key.pem",
                "konaplate.crypto.next.server-public-key", "/etc/konagw/keys/next-server-cert.pem",
                "konaplate.crypto.next.client-private-key", "/etc/konagw/keys/next-client-key.pem");
        locations.forEach((property, path) -> {
            assertThat(string(property)).isEqualTo("file:" + path);
            assertThat(environment.files()).as("a file mounted at %s", path).containsKey(path);
        });
        assertThat(new String(environment.files().get("/etc/konagw/keys/client-key.pem"), StandardCharsets.UTF_8))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(environment.files()).containsKey("/etc/konagw/config/application.yaml");

        // what a gateway binding test will do: files below a temporary root, locations pointed there
        environment.materializeFiles(root);
        ConfigurableEnvironment relocated = environment.toSpringEnvironment(root);
        Binder relocatedBinder = binderOf(relocated);
        for (String property : locations.keySet()) {
            String location = relocatedBinder.bind(property, String.class).get();
            assertThat(location).startsWith("file:" + root);
            assertThat(Files.readString(Path.of(location.substring("file:".length()))))
                    .contains("-----BEGIN ");
        }
    }

    @Test
    void withAnExistingSecretTheVariablesAreExternalReferences() {
        RenderedEnvironment external = RenderedEnvironment.of(HelmChart.template(HelmChart.PROD_VALUES));
        assertThat(external.variables()).containsEntry("KONAPLATE_ACCESSKEY",
                RenderedEnvironment.EXTERNAL.formatted("konagw-env", "access-key"));
        assertThat(external.files()).containsOnlyKeys("/etc/konagw/config/application.yaml");
    }

    static Binder binderOf(ConfigurableEnvironment environment) {
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment);
    }

    private static String string(String property) {
        return binder.bind(property, String.class).orElse(null);
    }
}
