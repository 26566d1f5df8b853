package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

import konagw.core.client.CryptoKeys;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.gateway.config.InvalidConfigurationException;

/** The resolver reads the key files of validated properties: every unreadable or unfit key at once, no key bytes. */
class KonaplateSettingsResolverTest {

    static final KeyPair SERVER = KeyMaterial.generateRsa2048();
    static final KeyPair CLIENT = KeyMaterial.generateRsa2048();
    static final KeyPair NEXT_CLIENT = KeyMaterial.generateRsa2048();

    @TempDir
    static Path dir;

    static String serverCert;
    static String clientKey;
    static String nextKey;
    static String weakKey;

    final KonaplateSettingsResolver resolver = new KonaplateSettingsResolver(new DefaultResourceLoader(),
            JweProvider.JDK);

    @BeforeAll
    static void keys() throws Exception {
        serverCert = write("server-cert.pem", KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(SERVER, "sandbox")));
        clientKey = write("client-key.pem", KeyMaterial.toPem(CLIENT.getPrivate()));
        nextKey = write("next-key.pem", KeyMaterial.toPem(NEXT_CLIENT.getPrivate()));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        weakKey = write("weak-key.pem", KeyMaterial.toPem(generator.generateKeyPair().getPrivate()));
    }

    static String write(String name, String pem) throws Exception {
        return "file:" + Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
    }

    static KonaplateProperties.Crypto crypto(String server, String client, KonaplateProperties.Next next) {
        return new KonaplateProperties.Crypto(KonaplatePropertiesTest.KID, server, client, null, "RSA-OAEP-256",
                "A256GCM", "json:data", next, Duration.ofSeconds(30));
    }

    @Test
    void theKeyFilesBecomeClientSettings() {
        KonaplateClientSettings settings = resolver.resolve(KonaplatePropertiesTest.vendor(crypto(serverCert,
                clientKey, null)), Duration.ofSeconds(3));
        assertThat(settings.cryptoKeyId()).isEqualTo(KonaplatePropertiesTest.KID);
        assertThat(settings.credentials().aspId()).isEqualTo(KonaplatePropertiesTest.ASP_ID);
        assertThat(settings.envelope()).isEqualTo(WireEnvelope.parse("json:data"));
        assertThat(settings.timeZone().code()).isEqualTo("KST");
    }

    @Test
    void duringARotationAnswersUnderEitherKeyIdDecrypt() {
        CryptoKeys keys = resolver.resolveCrypto(crypto(serverCert, clientKey, new KonaplateProperties.Next(
                KonaplatePropertiesTest.NEXT_KID, serverCert, nextKey, null)));
        byte[] plaintext = "{}".getBytes(StandardCharsets.UTF_8);
        for (var pair : java.util.Map.of(KonaplatePropertiesTest.KID, CLIENT, KonaplatePropertiesTest.NEXT_KID,
                NEXT_CLIENT).entrySet()) {
            String jwe = new JweEncryptor((RSAPublicKey) pair.getValue().getPublic(), pair.getKey(),
                    JweSettings.defaults()).encrypt(plaintext);
            assertThat(keys.decryptor().decrypt(jwe)).as(pair.getKey()).isEqualTo(plaintext);
        }
    }

    @Test
    void everyKeyFileProblemIsReportedAtOnce() {
        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                () -> resolver.resolveCrypto(crypto("file:" + dir.resolve("missing.pem"), weakKey,
                        new KonaplateProperties.Next(KonaplatePropertiesTest.NEXT_KID, clientKey, serverCert, null))));
        assertThat(failure.problems()).hasSize(4);
        assertThat(failure.problems().get(0)).startsWith("konaplate.crypto.server-public-key: cannot read")
                .contains("missing.pem");
        assertThat(failure.problems().get(1)).startsWith("konaplate.crypto.client-private-key: ")
                .contains("weak-key.pem");
        assertThat(failure.problems().get(2)).startsWith("konaplate.crypto.next.client-private-key: ")
                .contains("found a public key or certificate");
        assertThat(failure.problems().get(3)).startsWith("konaplate.crypto.next.server-public-key: ")
                .contains("found a private key");
        assertThat(failure.getMessage()).doesNotContain("MII");
    }

    @Test
    void aReloadWatchesEveryNamedKeyFile() {
        assertThat(KonaplateSettingsResolver.keyLocations(crypto(serverCert, clientKey, null)))
                .containsExactly(serverCert, clientKey);
        assertThat(KonaplateSettingsResolver.keyLocations(crypto(serverCert, clientKey, new KonaplateProperties.Next(
                KonaplatePropertiesTest.NEXT_KID, null, nextKey, null))))
                .containsExactly(serverCert, clientKey, nextKey);
    }
}
