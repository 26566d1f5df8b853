package konagw.core.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import konagw.core.keys.KeyMaterial;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JweRoundTripTest {

    private static final byte[] PLAINTEXT = "{\"cardNo\":\"9410123456789012\"}".getBytes(StandardCharsets.UTF_8);
    private static final String KID = "0123456789abcdef0123456789abcdef";

    private static KeyPair current;
    private static KeyPair next;

    @BeforeAll
    static void keys() {
        current = KeyMaterial.generateRsa2048();
        next = KeyMaterial.generateRsa2048();
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(JweSettings.defaults(), "RSA-OAEP-256", "A256GCM"),
                Arguments.of(new JweSettings(KeyManagement.RSA_OAEP, ContentEncryption.A128GCM), "RSA-OAEP", "A128GCM"),
                Arguments.of(JweSettings.of("rsa_oaep_256", "a128gcm"), "RSA-OAEP-256", "A128GCM"),
                Arguments.of(JweSettings.of("RSA-OAEP", "A256GCM"), "RSA-OAEP", "A256GCM"));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void roundTripsWithAlgEncAndKidInTheProtectedHeader(JweSettings settings, String alg, String enc) throws Exception {
        JweEncryptor encryptor = new JweEncryptor(publicKey(current), KID, settings);
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), settings);

        String compact = encryptor.encrypt(PLAINTEXT);

        JWEHeader header = JWEObject.parse(compact).getHeader();
        assertThat(header.getAlgorithm().getName()).isEqualTo(alg);
        assertThat(header.getEncryptionMethod().getName()).isEqualTo(enc);
        assertThat(header.getKeyID()).isEqualTo(KID);
        assertThat(compact.split("\\.", -1)).hasSize(5);
        assertThat(decryptor.decrypt(compact)).isEqualTo(PLAINTEXT);
    }

    @Test
    void eachEncryptionIsFresh() {
        JweEncryptor encryptor = new JweEncryptor(publicKey(current), KID, JweSettings.defaults());
        assertThat(encryptor.encrypt(PLAINTEXT)).isNotEqualTo(encryptor.encrypt(PLAINTEXT));
    }

    @Test
    void rejectsAnotherAlgorithm() {
        String oaep1 = new JweEncryptor(publicKey(current), KID,
                new JweSettings(KeyManagement.RSA_OAEP, ContentEncryption.A256GCM)).encrypt(PLAINTEXT);
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), JweSettings.defaults());

        assertKind(() -> decryptor.decrypt(oaep1), JweException.Kind.ALGORITHM_MISMATCH);
    }

    @Test
    void rejectsAnotherContentEncryption() {
        String a128 = new JweEncryptor(publicKey(current), KID,
                new JweSettings(KeyManagement.RSA_OAEP_256, ContentEncryption.A128GCM)).encrypt(PLAINTEXT);
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), JweSettings.defaults());

        assertKind(() -> decryptor.decrypt(a128), JweException.Kind.ALGORITHM_MISMATCH);
    }

    @Test
    void rejectsCompressedPayloads() throws Exception {
        JWEObject zipped = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .keyID(KID).compressionAlgorithm(com.nimbusds.jose.CompressionAlgorithm.DEF).build(),
                new Payload(PLAINTEXT));
        zipped.encrypt(new RSAEncrypter(publicKey(current)));
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), JweSettings.defaults());

        assertKind(() -> decryptor.decrypt(zipped.serialize()), JweException.Kind.ALGORITHM_MISMATCH);
    }

    @Test
    void rejectsAnUnknownKid() {
        String compact = new JweEncryptor(publicKey(current), "someone-else", JweSettings.defaults()).encrypt(PLAINTEXT);
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), JweSettings.defaults());

        assertThatThrownBy(() -> decryptor.decrypt(compact)).isInstanceOfSatisfying(JweException.class, e -> {
            assertThat(e.kind()).isEqualTo(JweException.Kind.UNKNOWN_KEY_ID);
            assertThat(e.keyId()).isEqualTo("someone-else");
        });
    }

    @Test
    void theRightKidWithTheWrongKeyFailsDecryption() {
        String compact = new JweEncryptor(publicKey(next), KID, JweSettings.defaults()).encrypt(PLAINTEXT);
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), JweSettings.defaults());

        assertKind(() -> decryptor.decrypt(compact), JweException.Kind.DECRYPTION_FAILED);
    }

    @Test
    void rotationPicksTheKeyNamedByKid() {
        Map<String, RSAPrivateKey> keys = new LinkedHashMap<>();
        keys.put("kid-current", privateKey(current));
        keys.put("kid-next", privateKey(next));
        JweDecryptor decryptor = new JweDecryptor(keys, JweSettings.defaults());

        String toCurrent = new JweEncryptor(publicKey(current), "kid-current", JweSettings.defaults()).encrypt(PLAINTEXT);
        String toNext = new JweEncryptor(publicKey(next), "kid-next", JweSettings.defaults()).encrypt(PLAINTEXT);
        String toNextWithoutKid = new JweEncryptor(publicKey(next), null, JweSettings.defaults()).encrypt(PLAINTEXT);
        String toCurrentWithoutKid = new JweEncryptor(publicKey(current), null, JweSettings.defaults()).encrypt(PLAINTEXT);

        assertThat(decryptor.decrypt(toCurrent)).isEqualTo(PLAINTEXT);
        assertThat(decryptor.decrypt(toNext)).isEqualTo(PLAINTEXT);
        // Without a kid the first configured key is the one tried.
        assertThat(decryptor.decrypt(toCurrentWithoutKid)).isEqualTo(PLAINTEXT);
        assertKind(() -> decryptor.decrypt(toNextWithoutKid), JweException.Kind.DECRYPTION_FAILED);
    }

    @Test
    void malformedInput() {
        JweDecryptor decryptor = JweDecryptor.single(KID, privateKey(current), JweSettings.defaults());
        assertKind(() -> decryptor.decrypt("a.b.c.d.e"), JweException.Kind.MALFORMED);
        assertKind(() -> decryptor.decrypt("not a jwe"), JweException.Kind.MALFORMED);
        assertKind(() -> decryptor.decrypt(""), JweException.Kind.MALFORMED);
        // A JWS (three parts) is not a JWE.
        assertKind(() -> decryptor.decrypt("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), JweException.Kind.MALFORMED);
    }

    @Test
    void namesParseBothSpellings() {
        assertThat(KeyManagement.fromName("RSA-OAEP-256")).isEqualTo(KeyManagement.RSA_OAEP_256);
        assertThat(KeyManagement.fromName("rsa_oaep")).isEqualTo(KeyManagement.RSA_OAEP);
        assertThat(ContentEncryption.fromName("a128gcm")).isEqualTo(ContentEncryption.A128GCM);
        assertThatThrownBy(() -> KeyManagement.fromName("RSA1_5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContentEncryption.fromName("A128CBC-HS256"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertKind(ThrowingCallable call, JweException.Kind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JweException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private static RSAPublicKey publicKey(KeyPair pair) {
        return (RSAPublicKey) pair.getPublic();
    }

    private static RSAPrivateKey privateKey(KeyPair pair) {
        return (RSAPrivateKey) pair.getPrivate();
    }
}
