package konagw.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixtures: src/test/resources/pem, produced by generate.sh there (OpenSSL). */
class PemKeysTest {

    private static final char[] PASSWORD = "konagw-fixture-password".toCharArray();

    @ParameterizedTest
    @ValueSource(strings = {"rsa-cert.pem", "rsa-public.pem", "rsa-public-pkcs1.pem"})
    void readsEveryPublicFormatOfTheFixtureKey(String file) {
        RSAPublicKey key = PemKeys.readPublicKey(file, fixture(file));
        assertThat(key.getModulus()).isEqualTo(fixtureModulus());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8.pem", "rsa-pkcs1.pem", "rsa-pkcs8-encrypted.pem", "rsa-pkcs1-encrypted.pem"})
    void readsEveryPrivateFormatOfTheFixtureKey(String file) {
        RSAPrivateKey key = PemKeys.readPrivateKey(file, fixture(file), PASSWORD.clone());
        assertThat(key.getModulus()).isEqualTo(fixtureModulus());
        assertThat(key).isInstanceOf(RSAPrivateCrtKey.class);
    }

    @Test
    void aPasswordIsIgnoredForAnUnencryptedKey() {
        assertThat(PemKeys.readPrivateKey("rsa-pkcs8.pem", fixture("rsa-pkcs8.pem"), PASSWORD.clone()).getModulus())
                .isEqualTo(fixtureModulus());
    }

    @Test
    void readsFromAPath(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("client-key.pem"), fixture("rsa-pkcs1.pem"));
        assertThat(PemKeys.readPrivateKey(file, null).getModulus()).isEqualTo(fixtureModulus());
        Path missing = dir.resolve("missing.pem");
        assertRejected(() -> PemKeys.readPublicKey(missing), missing.toString(), "cannot read");
    }

    @Test
    void encryptedKeyWithoutPassword() {
        assertRejected(() -> PemKeys.readPrivateKey("rsa-pkcs8-encrypted.pem", fixture("rsa-pkcs8-encrypted.pem"), null),
                "rsa-pkcs8-encrypted.pem", "encrypted but no password");
        assertRejected(() -> PemKeys.readPrivateKey("rsa-pkcs1-encrypted.pem", fixture("rsa-pkcs1-encrypted.pem"), null),
                "rsa-pkcs1-encrypted.pem", "encrypted but no password");
    }

    @Test
    void encryptedKeyWithAWrongPassword() {
        assertRejected(() -> PemKeys.readPrivateKey("rsa-pkcs8-encrypted.pem", fixture("rsa-pkcs8-encrypted.pem"),
                "wrong".toCharArray()), "rsa-pkcs8-encrypted.pem", "wrong password");
        assertRejected(() -> PemKeys.readPrivateKey("rsa-pkcs1-encrypted.pem", fixture("rsa-pkcs1-encrypted.pem"),
                "wrong".toCharArray()), "rsa-pkcs1-encrypted.pem", "wrong password");
    }

    @Test
    void rejectsAKeyShorterThan2048Bits() {
        assertRejected(() -> PemKeys.readPrivateKey("rsa-1024.pem", fixture("rsa-1024.pem"), null),
                "rsa-1024.pem", "1024 bits", "at least 2048");
        assertRejected(() -> PemKeys.readPublicKey("rsa-1024-public.pem", fixture("rsa-1024-public.pem")),
                "rsa-1024-public.pem", "1024 bits", "at least 2048");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec-pkcs8.pem", "ec-sec1.pem"})
    void rejectsAnEcPrivateKey(String file) {
        assertRejected(() -> PemKeys.readPrivateKey(file, fixture(file), null), file, "EC", "RSA");
    }

    @Test
    void rejectsAnEcPublicKey() {
        assertRejected(() -> PemKeys.readPublicKey("ec-public.pem", fixture("ec-public.pem")), "ec-public.pem", "EC",
                "RSA");
    }

    @Test
    void rejectsTheWrongKindOfObject() {
        assertRejected(() -> PemKeys.readPublicKey("rsa-pkcs8.pem", fixture("rsa-pkcs8.pem")), "rsa-pkcs8.pem",
                "found a private key", "CERTIFICATE");
        assertRejected(() -> PemKeys.readPrivateKey("rsa-cert.pem", fixture("rsa-cert.pem"), null), "rsa-cert.pem",
                "found a public key or certificate", "PRIVATE KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated.pem", "corrupt-base64.pem", "garbage.pem", "empty.pem"})
    void rejectsDamagedFilesNamingTheFileAndTheExpectation(String file) {
        assertRejected(() -> PemKeys.readPrivateKey(file, fixture(file), null), file, "expected", "PRIVATE KEY");
        assertRejected(() -> PemKeys.readPublicKey(file, fixture(file)), file, "expected", "CERTIFICATE");
    }

    @Test
    void truncatedFileMessageCarriesNoKeyMaterial() {
        byte[] pem = fixture("truncated.pem");
        assertThatThrownBy(() -> PemKeys.readPrivateKey("truncated.pem", pem, null))
                .satisfies(e -> assertNoKeyMaterial(e.getMessage(), pem))
                .hasNoCause();
    }

    @Test
    void keyMaterialRoundTripsThroughItsOwnPem() {
        KeyPair pair = KeyMaterial.generateRsa2048();
        X509Certificate certificate = KeyMaterial.selfSignedCertificate(pair, "sandbox");
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=sandbox");
        assertThat(PemKeys.readPublicKey("cert", KeyMaterial.toPem(certificate).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(pair.getPublic());
        assertThat(PemKeys.readPublicKey("spki", KeyMaterial.toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(pair.getPublic());
        String pkcs8 = KeyMaterial.toPem(pair.getPrivate());
        assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PemKeys.readPrivateKey("pkcs8", pkcs8.getBytes(StandardCharsets.US_ASCII), null))
                .isEqualTo(pair.getPrivate());
    }

    private static void assertRejected(ThrowingCallable call, String file, String... expectedFragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KeyMaterialException.class, e -> {
            assertThat(e.getMessage()).startsWith(file).contains(expectedFragments);
            assertThat(e).hasNoCause();
            for (String fixture : List.of("rsa-pkcs8.pem", "rsa-1024.pem", "ec-pkcs8.pem", "truncated.pem")) {
                assertNoKeyMaterial(e.getMessage(), fixture(fixture));
            }
        });
    }

    /** No 12-character run of any Base64 line of the PEM appears in the message. */
    private static void assertNoKeyMaterial(String message, byte[] pem) {
        for (String line : new String(pem, StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("-----") || line.contains(":") || line.length() < 12) {
                continue;
            }
            for (int i = 0; i + 12 <= line.length(); i += 4) {
                assertThat(message).doesNotContain(line.substring(i, i + 12));
            }
        }
    }

    private static java.math.BigInteger fixtureModulus() {
        return ((RSAPublicKey) PemKeys.readPublicKey("rsa-public.pem", fixture("rsa-public.pem"))).getModulus();
    }

    static byte[] fixture(String name) {
        try (InputStream in = PemKeysTest.class.getResourceAsStream("/pem/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
