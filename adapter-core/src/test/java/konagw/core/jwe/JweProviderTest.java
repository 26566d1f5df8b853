package konagw.core.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every provider decrypts what every other provider encrypts; ACCP (test class path) through AccpRsaDecrypter. */
class JweProviderTest {

    private static final String KID = "0123456789abcdef0123456789abcdef";
    private static final byte[] PLAIN = "{\"cardNo\":\"9410000000000001\"}".getBytes(StandardCharsets.UTF_8);
    private static KeyPair pair;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> all = new ArrayList<>();
        for (JweProvider from : JweProvider.values()) {
            for (JweProvider to : JweProvider.values()) {
                for (KeyManagement alg : KeyManagement.values()) {
                    for (ContentEncryption enc : ContentEncryption.values()) {
                        all.add(Arguments.of(from, to, new JweSettings(alg, enc)));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} → {1}, {2}")
    @MethodSource("pairs")
    void roundTrip(JweProvider from, JweProvider to, JweSettings settings) {
        JweEncryptor encryptor = new JweEncryptor((RSAPublicKey) pair.getPublic(), KID, settings, from);
        JweDecryptor decryptor = new JweDecryptor(Map.of(KID, (RSAPrivateKey) pair.getPrivate()), settings, to);
        assertThat(decryptor.decrypt(encryptor.encrypt(PLAIN))).isEqualTo(PLAIN);
    }

    @Test
    void accpIsUsableOnThisClassPath() {
        assertThat(JweProvider.ACCP.usable()).isEqualTo(JweProvider.ACCP);
    }

    @Test
    void tamperedJweFailsWithEveryProvider() {
        for (JweProvider provider : JweProvider.values()) {
            String jwe = new JweEncryptor((RSAPublicKey) pair.getPublic(), KID, JweSettings.defaults(), provider)
                    .encrypt(PLAIN);
            String[] parts = jwe.split("\\.");
            parts[4] = (parts[4].charAt(0) == 'A' ? 'B' : 'A') + parts[4].substring(1);
            String tampered = String.join(".", parts);
            JweDecryptor decryptor = new JweDecryptor(Map.of(KID, (RSAPrivateKey) pair.getPrivate()),
                    JweSettings.defaults(), provider);
            assertThatThrownBy(() -> decryptor.decrypt(tampered))
                    .isInstanceOfSatisfying(JweException.class,
                            e -> assertThat(e.kind()).isEqualTo(JweException.Kind.DECRYPTION_FAILED));
            String[] wrongKey = jwe.split("\\.");
            wrongKey[1] = (wrongKey[1].charAt(0) == 'A' ? 'B' : 'A') + wrongKey[1].substring(1);
            assertThatThrownBy(() -> decryptor.decrypt(String.join(".", wrongKey)))
                    .isInstanceOfSatisfying(JweException.class,
                            e -> assertThat(e.kind()).isEqualTo(JweException.Kind.DECRYPTION_FAILED));
        }
    }

    @Test
    void names() {
        assertThat(JweProvider.fromName(null)).isEqualTo(JweProvider.JDK);
        assertThat(JweProvider.fromName(" ACCP ")).isEqualTo(JweProvider.ACCP);
        assertThat(JweProvider.fromName("bc")).isEqualTo(JweProvider.BC);
        assertThatThrownBy(() -> JweProvider.fromName("openssl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdk, bc, accp");
    }
}
