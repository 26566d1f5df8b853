package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;

/** {@code konaplate.*} is checked where it is bound: every problem at once, never a value. */
class KonaplatePropertiesTest {

    static final String KEY_ID = "0123456789abcdef0123456789abcdef";
    static final String ACCESS_KEY = "AK" + "0123456789".repeat(3) + "ABCDEFGH";
    static final String SECRET = "s3cr3t-value-never-logged";

    static KonaplateProperties.Crypto crypto(String keyId, String keyManagement, String contentEncryption,
            String envelope, String nextKeyId) {
        return new KonaplateProperties.Crypto(keyId, "file:server.pem", "file:client.pem", null, keyManagement,
                contentEncryption, envelope,
                nextKeyId == null ? null : new KonaplateProperties.Next(nextKeyId, null, "file:next.pem", null),
                Duration.ofSeconds(30));
    }

    static KonaplateProperties upstream(String baseUrl, String aspId, String accessKey, String secret,
            String zone, Integer instanceId, KonaplateProperties.Crypto crypto) {
        return new KonaplateProperties(baseUrl == null ? null : URI.create(baseUrl), aspId, accessKey, secret, zone,
                instanceId, Duration.ofSeconds(2), crypto);
    }

    static KonaplateProperties.Crypto validCrypto() {
        return crypto(KEY_ID, "RSA-OAEP-256", "A256GCM", "compact", null);
    }

    @Test
    void aCompleteUpstreamConfigurationBinds() {
        KonaplateProperties p = upstream("https://konaplate.example/open-api", "ASP000000000001", ACCESS_KEY, SECRET,
                "KST", 7, crypto(KEY_ID, "RSA-OAEP", "A128GCM", "json:data", "fedcba9876543210fedcba9876543210"));
        assertThat(p.embedded()).isFalse();
        assertThat(p.zone().code()).isEqualTo("KST");
        assertThat(p.crypto().jwe().keyManagement().name()).isEqualTo("RSA_OAEP");
        assertThat(p.crypto().wireEnvelope().contentType()).isEqualTo("application/json");
    }

    @Test
    void theEmbeddedSandboxNeedsNoCredentialsButItsZoneAndInstanceIdAreStillChecked() {
        assertThatCode(() -> upstream(null, null, null, null, "KST", null, validCrypto())).doesNotThrowAnyException();
        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                () -> upstream(null, null, null, null, "XYZ", 1024, validCrypto()));
        assertThat(failure.problems()).hasSize(2);
        assertThat(failure.problems().get(0)).startsWith("konaplate.time-zone: ");
        assertThat(failure.problems().get(1)).isEqualTo("konaplate.instance-id must be between 0 and 1023");
    }

    @Test
    void everyShapeProblemOfAnUpstreamIsListedAtOnceWithoutItsValue() {
        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                () -> upstream("ftp://konaplate.example", "SHORT", ACCESS_KEY + "X", " ", "KST", -1,
                        crypto("abc", "RSA1_5", "A192CBC", "xml", "abc")));
        assertThat(failure.problems()).containsExactly(
                "konaplate.instance-id must be between 0 and 1023",
                "konaplate.base-url must be an absolute http(s) URL",
                "konaplate.asp-id must be exactly 15 characters (got 5)",
                "konaplate.access-key must be exactly 40 characters (got 41)",
                "konaplate.secret-key is required",
                "konaplate.crypto.key-id must be exactly 32 characters (got 3)",
                "konaplate.crypto.key-management must be RSA-OAEP-256 or RSA-OAEP",
                "konaplate.crypto.content-encryption must be A256GCM or A128GCM",
                "konaplate.crypto.envelope must be 'compact' or 'json:<field>'",
                "konaplate.crypto.next.key-id must be exactly 32 characters (got 3)",
                "konaplate.crypto.next.key-id must differ from konaplate.crypto.key-id");
        assertThat(failure.getMessage()).doesNotContain("SHORT", ACCESS_KEY, "RSA1_5");
    }

    @Test
    void missingCredentialsAndKeyIdAreNamed() {
        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                () -> upstream("https://konaplate.example", null, null, null, "UTC", null,
                        crypto(null, "RSA-OAEP-256", "A256GCM", "compact", null)));
        assertThat(failure.problems()).containsExactly("konaplate.asp-id is required",
                "konaplate.access-key is required", "konaplate.secret-key is required",
                "konaplate.crypto.key-id is required");
    }
}
