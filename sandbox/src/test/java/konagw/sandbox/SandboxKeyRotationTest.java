package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;

import konagw.core.jwe.JweDecryptor;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.KmHeaders;

/** {@link SandboxAdmin#answerUnderKeyId}: answers under the project's next key whatever key the request used. */
class SandboxKeyRotationTest {

    private static final String NEXT_KID = "0123456789abcdef0123456789abcdef";
    private static final String CARD = "{\"cardNo\":\"9410000000000001\"}";

    @Test
    void answersUnderTheChosenKeyIdUntilSwitchedBack() {
        KeyPair next = KeyMaterial.generateRsa2048();
        SandboxSettings settings = SandboxSettings.builder()
                .extraClientKey(NEXT_KID, (RSAPublicKey) next.getPublic()).build();
        try (SandboxServer sandbox = SandboxServer.start(settings)) {
            RawExchange raw = new RawExchange(sandbox);
            sandbox.admin().answerUnderKeyId(NEXT_KID);

            RawExchange.RawResponse switched = raw.exchange(raw.encrypted(ApiHandler.INQUIRY_PATH, CARD));
            assertThat(switched.status()).isEqualTo(200);
            assertThat(switched.headers().get(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(NEXT_KID);
            String plaintext = new String(JweDecryptor.single(NEXT_KID, (RSAPrivateKey) next.getPrivate(),
                    settings.jwe()).decrypt(switched.text()), StandardCharsets.UTF_8);
            assertThat(plaintext).contains("\"accountNo\":\"79790000000001\"");

            sandbox.admin().reset(); // does not touch the key choice
            assertThat(raw.exchange(raw.encrypted(ApiHandler.INQUIRY_PATH, CARD)).headers()
                    .get(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(NEXT_KID);

            sandbox.admin().answerUnderKeyId(null);
            RawExchange.RawResponse back = raw.exchange(raw.encrypted(ApiHandler.INQUIRY_PATH, CARD));
            assertThat(back.headers().get(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(settings.cryptoKeyId());
            assertThat(JweDecryptor.single(settings.cryptoKeyId(), sandbox.keys().clientPrivateKey(), settings.jwe())
                    .decrypt(back.text())).isNotEmpty();
        }
    }

    @Test
    void rejectsAnUnknownKeyId() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build())) {
            assertThatThrownBy(() -> sandbox.admin().answerUnderKeyId(NEXT_KID))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
