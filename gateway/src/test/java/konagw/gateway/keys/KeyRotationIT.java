package konagw.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.client.KonaplateClient;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.ApiCredentials;
import konagw.gateway.logging.PanMasking;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.SandboxAdmin;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;

/**
 * A configured vendor (a standalone sandbox started here) with key files in a temp directory: answers under
 * either crypto key id decrypt, replaced files are picked up without a restart, broken ones keep the old keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konaplate.crypto.reload-interval=100ms",
    // the test breaks the keys on purpose: keep the breaker and the retries out of the way
    "resilience4j.circuitbreaker.instances.konaplate.minimum-number-of-calls=1000",
    "resilience4j.retry.instances.konaplate.max-attempts=1"
})
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationIT extends GatewayIntegrationTest {

    static final String PRIMARY_KID = "0123456789abcdef0123456789abcdef";
    static final String NEXT_KID = "fedcba9876543210fedcba9876543210";
    static final ApiCredentials CREDENTIALS = new ApiCredentials("KONAGWSANDBOX01",
            "AccessKeyAccessKeyAccessKeyAccessKey0001", "secret-of-the-key-rotation-test");
    static final KeyPair NEXT_CLIENT = KeyMaterial.generateRsa2048();
    static final AtomicLong cards = new AtomicLong();

    static Path keys;
    static int sandboxPort;
    static SandboxServer vendor;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KonaplateClient client;

    @DynamicPropertySource
    static void vendor(DynamicPropertyRegistry registry) throws IOException {
        keys = Files.createTempDirectory("konagw-keys-it-");
        vendor = startVendor(0, KeyMaterial.generateRsa2048(), KeyMaterial.generateRsa2048());
        sandboxPort = vendor.port();
        Files.writeString(keys.resolve("next-client-key.pem"), KeyMaterial.toPem(NEXT_CLIENT.getPrivate()));
        registry.add("konaplate.base-url", () -> vendor.baseUrl().toString());
        registry.add("konaplate.asp-id", CREDENTIALS::aspId);
        registry.add("konaplate.access-key", CREDENTIALS::accessKey);
        registry.add("konaplate.secret-key", CREDENTIALS::secretKey);
        registry.add("konaplate.crypto.key-id", () -> PRIMARY_KID);
        registry.add("konaplate.crypto.server-public-key", () -> location("server-cert.pem"));
        registry.add("konaplate.crypto.client-private-key", () -> location("client-key.pem"));
        registry.add("konaplate.crypto.next.key-id", () -> NEXT_KID);
        registry.add("konaplate.crypto.next.server-public-key", () -> location("server-cert.pem"));
        registry.add("konaplate.crypto.next.client-private-key", () -> location("next-client-key.pem"));
    }

    /** A vendor under both key ids; the primary's key pairs are given, the next client key stays the same. */
    static SandboxServer startVendor(int port, KeyPair server, KeyPair client) {
        SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder()
                .port(port)
                .credentials(CREDENTIALS)
                .cryptoKeyId(PRIMARY_KID)
                .serverKeys(server)
                .clientKeys(client)
                .extraClientKey(NEXT_KID, (RSAPublicKey) NEXT_CLIENT.getPublic())
                .build());
        try {
            // what an operator mounts: the vendor's certificate and our client private key
            Path staging = Files.createTempDirectory(keys, "staging-");
            sandbox.keys().writeGatewayHalf(staging);
            replace("server-cert.pem", Files.readString(staging.resolve("server-cert.pem")));
            replace("client-key.pem", Files.readString(staging.resolve("client-key.pem")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sandbox;
    }

    /** Replaces a key file atomically, as a Kubernetes Secret update does (rename, never a half-written file). */
    static void replace(String file, String content) {
        try {
            Path temp = Files.createTempFile(keys, ".incoming-", ".pem");
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, keys.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String location(String file) {
        return keys.resolve(file).toUri().toString();
    }

    @Override
    protected SandboxAdmin sandbox() {
        return vendor.admin();
    }

    @AfterEach
    void answersUnderTheRequestKeyAgain() {
        vendor.admin().answerUnderKeyId(null);
    }

    @AfterAll
    static void stopVendor() {
        vendor.close();
    }

    @Test
    void answersUnderEitherKeyIdDecryptDuringARotation() {
        inquireFresh().expectStatus().isOk().expectBody().jsonPath("$.connectType").isEqualTo("FIXATION");

        vendor.admin().answerUnderKeyId(NEXT_KID); // the vendor has switched the project to the next key
        inquireFresh().expectStatus().isOk().expectBody().jsonPath("$.connectType").isEqualTo("FIXATION");
        assertThat(client.crypto().cryptoKeyId()).isEqualTo(PRIMARY_KID); // requests still use the primary

        vendor.admin().answerUnderKeyId(PRIMARY_KID);
        inquireFresh().expectStatus().isOk();
        assertThat(vendor.admin().violationCount()).isZero();
    }

    @Test
    void replacedKeyFilesArePickedUpWithoutARestart(CapturedOutput output) {
        inquireFresh().expectStatus().isOk();
        double reloadsBefore = meters.counter("konagw.keys.reloads").count();

        // the vendor re-issues the key pairs of the primary key id: the old files no longer work
        vendor.close();
        vendor = startVendor(sandboxPort, KeyMaterial.generateRsa2048(), KeyMaterial.generateRsa2048());

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> inquireFresh().returnResult(String.class).getStatus().value() == 200);
        assertThat(meters.counter("konagw.keys.reloads").count()).isGreaterThan(reloadsBefore);
        assertThat(meters.find("konagw.keys.reload.failing").gauge().value()).isZero();
        assertThat(meters.find("konagw.keys.reload.last-success").gauge().value()).isPositive();
        // key material never, though a format name may appear ("expected a PEM 'PRIVATE KEY'")
        assertThat(output.getOut()).contains("crypto key files changed: new keys in use")
                .doesNotContain("-----BEGIN");
    }

    @Test
    void aBrokenReplacementKeepsTheOldKeysAndCountsAFailure(CapturedOutput output) throws IOException {
        inquireFresh().expectStatus().isOk();
        String good = Files.readString(keys.resolve("client-key.pem"));
        double failuresBefore = meters.counter("konagw.keys.reload.failures").count();
        String keyBody = good.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        replace("client-key.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> meters.counter("konagw.keys.reload.failures").count() > failuresBefore);

        assertThat(meters.find("konagw.keys.reload.failing").gauge().value()).isEqualTo(1);
        inquireFresh().expectStatus().isOk(); // the keys loaded before are still in use
        assertThat(output.getOut()).contains("konaplate.crypto.client-private-key")
                // as the log writes it: the temporary directory's long random number reads like a card number
                .contains(PanMasking.mask(location("client-key.pem").replace("file:", "")))
                .doesNotContain(keyBody);

        replace("client-key.pem", good);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> meters.find("konagw.keys.reload.failing").gauge().value() == 0);
        inquireFresh().expectStatus().isOk();
    }

    /** A card not seen before, past the cache. */
    private WebTestClient.ResponseSpec inquireFresh() {
        return http.post().uri("/api/v1/card/virtual-account/inquiry")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-cache")
                .bodyValue("{\"cardNo\":\"" + String.format("9420%012d", 700_000_000_000L + cards.incrementAndGet())
                        + "\"}")
                .exchange();
    }
}
