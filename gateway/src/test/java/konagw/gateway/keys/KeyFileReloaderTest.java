package konagw.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.UrlResource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.core.client.KonaplateClient;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweException;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.keys.KeyMaterial;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import konagw.gateway.upstream.KeyFileDigest;
import konagw.gateway.upstream.KonaplateProperties;
import konagw.gateway.upstream.KonaplateSettingsResolver;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/** The reloader on key files in a real directory, replaced as a Secret update replaces them. */
class KeyFileReloaderTest {

    static final String KID = "0123456789abcdef0123456789abcdef";
    static final KeyPair SERVER = KeyMaterial.generateRsa2048();
    static final KeyPair FIRST_CLIENT = KeyMaterial.generateRsa2048();
    static final KeyPair SECOND_CLIENT = KeyMaterial.generateRsa2048();

    @TempDir
    Path keys;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ResourceLoader files = new DefaultResourceLoader();
    /** What the key loader reads through: real files, but the next reads can be made to fail (a swap under way). */
    final FlakyResources loading = new FlakyResources();
    KonaplateProperties.Crypto crypto;

    @BeforeEach
    void writeFirstKeys() {
        replace("server-cert.pem", KeyMaterial.toPem(SERVER.getPublic()));
        replace("client-key.pem", KeyMaterial.toPem(FIRST_CLIENT.getPrivate()));
        crypto = new KonaplateProperties.Crypto(KID, location("server-cert.pem"), location("client-key.pem"), null,
                "RSA-OAEP-256", "A256GCM", "compact", null, Duration.ofSeconds(30));
    }

    @Test
    void aLoadThatFailedIsRetriedAtTheNextCheckThoughTheFilesDidNotChangeAgain() {
        KonaplateClient client = clientFrom(crypto);
        KeyFileReloader reloader = reloader(client, KeyFileDigest.of(files, locations()));
        replace("client-key.pem", KeyMaterial.toPem(SECOND_CLIENT.getPrivate()));
        loading.failNext(1);

        assertThat(reloader.reloadIfChanged()).isFalse();
        assertThat(gauge("konagw.keys.reload.failing")).isEqualTo(1.0);
        assertThat(counter("konagw.keys.reload.failures")).isEqualTo(1.0);
        assertDecrypts(client, FIRST_CLIENT);

        // the same content, readable now: loaded at the next check
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(gauge("konagw.keys.reload.failing")).isZero();
        assertThat(counter("konagw.keys.reloads")).isEqualTo(1.0);
        assertDecrypts(client, SECOND_CLIENT);
        assertThat(reloader.reloadIfChanged()).isFalse();
    }

    @Test
    void aContentThatKeepsFailingIsCountedOnceAndLoadsOnceRepaired() {
        KonaplateClient client = clientFrom(crypto);
        KeyFileReloader reloader = reloader(client, KeyFileDigest.of(files, locations()));
        replace("client-key.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        for (int check = 0; check < 3; check++) {
            assertThat(reloader.reloadIfChanged()).isFalse();
        }
        assertThat(counter("konagw.keys.reload.failures")).isEqualTo(1.0);
        assertThat(gauge("konagw.keys.reload.failing")).isEqualTo(1.0);
        assertDecrypts(client, FIRST_CLIENT);

        replace("client-key.pem", KeyMaterial.toPem(SECOND_CLIENT.getPrivate()));
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(gauge("konagw.keys.reload.failing")).isZero();
        assertDecrypts(client, SECOND_CLIENT);
    }

    @Test
    void aBrokenChangePutBackEndsTheFailingState() {
        KonaplateClient client = clientFrom(crypto);
        KeyFileReloader reloader = reloader(client, KeyFileDigest.of(files, locations()));
        String good = KeyMaterial.toPem(FIRST_CLIENT.getPrivate());
        replace("client-key.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertThat(reloader.reloadIfChanged()).isFalse();
        assertThat(gauge("konagw.keys.reload.failing")).isEqualTo(1.0);

        replace("client-key.pem", good);
        assertThat(reloader.reloadIfChanged()).isFalse(); // nothing to load: these keys are in use
        assertThat(gauge("konagw.keys.reload.failing")).isZero();
        assertDecrypts(client, FIRST_CLIENT);
    }

    @Test
    void filesReplacedAfterTheClientReadThemAreLoadedByTheFirstCheck() {
        // as at startup: the digest before the client reads the files, then a Secret update before the reloader
        byte[] startup = KeyFileDigest.of(files, locations());
        KonaplateClient client = clientFrom(crypto);
        replace("client-key.pem", KeyMaterial.toPem(SECOND_CLIENT.getPrivate()));
        KeyFileReloader reloader = reloader(client, startup);

        assertThat(reloader.reloadIfChanged()).isTrue();
        assertDecrypts(client, SECOND_CLIENT);
    }

    @Test
    void unchangedFilesAreNotLoadedAgain() {
        KonaplateClient client = clientFrom(crypto);
        KeyFileReloader reloader = reloader(client, KeyFileDigest.of(files, locations()));
        assertThat(reloader.reloadIfChanged()).isFalse();
        assertThat(loading.reads.get()).isEqualTo(2); // the client's own load only
        assertThat(gauge("konagw.keys.reload.failing")).isZero();
    }

    private KeyFileReloader reloader(KonaplateClient client, byte[] startupDigest) {
        return new KeyFileReloader(crypto, new KonaplateSettingsResolver(loading, JweProvider.JDK), files, client,
                startupDigest, Clock.systemUTC(), meters);
    }

    private KonaplateClient clientFrom(KonaplateProperties.Crypto crypto) {
        KonaplateProperties properties = new KonaplateProperties(URI.create("http://127.0.0.1:1"), "KONAGWSANDBOX01",
                "A".repeat(40), "secret", "KST", null, Duration.ofSeconds(2), crypto);
        return new KonaplateClient(new KonaplateSettingsResolver(loading, JweProvider.JDK).resolve(properties,
                Duration.ofSeconds(3)), HttpClient.create(), new TranClock(Clock.systemUTC(), KonaTimeZone.of("KST")),
                new CorrelationIdGenerator(Clock.systemUTC(), KonaTimeZone.of("KST").zone(), 1), Schedulers.immediate());
    }

    /** Answers under the key id decrypt with {@code expected}'s private key, and only with it. */
    private static void assertDecrypts(KonaplateClient client, KeyPair expected) {
        KeyPair other = expected == FIRST_CLIENT ? SECOND_CLIENT : FIRST_CLIENT;
        byte[] plaintext = "{\"code\":\"000_000\"}".getBytes(StandardCharsets.UTF_8);
        String forExpected = new JweEncryptor((RSAPublicKey) expected.getPublic(), KID, JweSettings.defaults())
                .encrypt(plaintext);
        String forOther = new JweEncryptor((RSAPublicKey) other.getPublic(), KID, JweSettings.defaults())
                .encrypt(plaintext);
        assertThat(client.crypto().decryptor().decrypt(forExpected)).isEqualTo(plaintext);
        assertThatThrownBy(() -> client.crypto().decryptor().decrypt(forOther)).isInstanceOf(JweException.class);
    }

    private java.util.List<String> locations() {
        return KonaplateSettingsResolver.keyLocations(crypto);
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    /** Replaces a key file atomically, as a Kubernetes Secret update does. */
    private void replace(String file, String content) {
        try {
            Path temp = Files.createTempFile(keys, ".incoming-", ".pem");
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, keys.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String location(String file) {
        return keys.resolve(file).toUri().toString();
    }

    /** Real files; the next {@code n} opens fail as a read during a symlink swap can. */
    static final class FlakyResources extends DefaultResourceLoader {
        final AtomicInteger failing = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        void failNext(int n) {
            failing.set(n);
        }

        @Override
        public Resource getResource(String location) {
            reads.incrementAndGet();
            Resource real = super.getResource(location);
            if (failing.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                return real;
            }
            try {
                return new UrlResource(real.getURI()) {
                    @Override
                    public InputStream getInputStream() throws IOException {
                        throw new FileNotFoundException(location + " (swapped away)");
                    }
                };
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
