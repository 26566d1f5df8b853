package konagw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import konagw.core.keys.KeyMaterial;
import konagw.gateway.KonagwApplication;
import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.support.TestRedis;
import konagw.gateway.support.WithRedis;

/** The prod profile refuses to start without caller authentication, unless the mesh authenticates. */
@WithRedis
class AuthStartupIT {

    @TempDir
    static Path dir;
    static List<String> prod;

    @BeforeAll
    static void prodConfiguration(TestRedis redis) throws Exception {
        KeyPair server = KeyMaterial.generateRsa2048();
        KeyPair client = KeyMaterial.generateRsa2048();
        Path cert = Files.writeString(dir.resolve("server-cert.pem"),
                KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(server, "vendor")));
        Path key = Files.writeString(dir.resolve("client-key.pem"), KeyMaterial.toPem(client.getPrivate()));
        List<String> properties = new ArrayList<>(List.of(
                "spring.profiles.active=prod",
                "konaplate.base-url=https://konaplate.example/open-api",
                "konaplate.asp-id=ASP000000000001",
                "konaplate.access-key=AK" + "0123456789".repeat(3) + "ABCDEFGH",
                "konaplate.secret-key=s3cr3t",
                "konaplate.crypto.key-id=0123456789abcdef0123456789abcdef",
                "konaplate.crypto.server-public-key=file:" + cert,
                "konaplate.crypto.client-private-key=file:" + key,
                // the prod profile also requires the upstream quota stated (StartupValidationIT)
                "konagw.upstream.rate-limit.enabled=true",
                "konagw.upstream.rate-limit.permits-per-second=50",
                "konagw.upstream.rate-limit.replicas-hint=2",
                "server.port=0",
                "management.server.port=0"));
        properties.addAll(redis.propertyLines());
        prod = List.copyOf(properties);
    }

    @Test
    void prodWithoutApiKeysIsRefused() {
        Throwable thrown = catchThrowable(() -> start(prod).close());
        InvalidConfigurationException invalid = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException i) {
                invalid = i;
            }
        }
        assertThat(invalid).as("startup failure %s", thrown).isNotNull();
        assertThat(invalid.getMessage()).contains("konagw.auth.api-keys is required in the prod profile");
    }

    @Test
    void prodStartsWithKeysOrInMeshMode() {
        List<String> withKeys = new ArrayList<>(prod);
        withKeys.add("konagw.auth.api-keys.billing=2b1a5931da26d19c00366a5f12423f1ba3a021ad5878bc8d49536c976c31a033");
        try (ConfigurableApplicationContext context = start(withKeys)) {
            assertThat(context.isActive()).isTrue();
        }
        List<String> mesh = new ArrayList<>(prod);
        mesh.add("konagw.auth.mode=mesh");
        try (ConfigurableApplicationContext context = start(mesh)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(List<String> properties) {
        return new SpringApplicationBuilder(KonagwApplication.class).properties(properties.toArray(String[]::new))
                .run();
    }
}
