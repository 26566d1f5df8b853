package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import konagw.core.jwe.ContentEncryption;
import konagw.core.jwe.KeyManagement;
import konagw.core.jwe.WireEnvelope;
import konagw.gateway.config.InvalidConfigurationException;

/** {@code konaplate.*} is checked where it is bound: every rule of the compact constructor, without Spring. */
class KonaplatePropertiesTest {

    static final URI BASE_URL = URI.create("https://konaplate.example/open-api");
    static final String ASP_ID = "ASP000000000001";
    static final String ACCESS_KEY = "AK" + "0123456789".repeat(3) + "ABCDEFGH";
    static final String SECRET = "s3cr3t-value-never-logged";
    static final String KID = "0123456789abcdef0123456789abcdef";
    static final String NEXT_KID = "fedcba9876543210fedcba9876543210";

    static KonaplateProperties.Crypto crypto(String keyId, String keyManagement, String contentEncryption,
            String envelope, KonaplateProperties.Next next) {
        return new KonaplateProperties.Crypto(keyId, "file:/keys/server-cert.pem", "file:/keys/client-key.pem", null,
                keyManagement, contentEncryption, envelope, next, Duration.ofSeconds(30));
    }

    static KonaplateProperties.Crypto crypto() {
        return crypto(KID, "RSA-OAEP-256", "A256GCM", "compact", null);
    }

    static KonaplateProperties vendor(KonaplateProperties.Crypto crypto) {
        return new KonaplateProperties(BASE_URL, ASP_ID, ACCESS_KEY, SECRET, "KST", null, Duration.ofSeconds(2),
                crypto);
    }

    static List<String> problems(Runnable construct) {
        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                construct::run);
        assertThat(failure).as("the constructor refuses").isNotNull();
        return failure.problems();
    }

    @Test
    void aVendorConfigurationIsAccepted() {
        KonaplateProperties properties = vendor(crypto(KID, "rsa_oaep", "A128GCM", "json:data",
                new KonaplateProperties.Next(NEXT_KID, null, "file:/keys/next-key.pem", null)));
        assertThat(properties.embedded()).isFalse();
        assertThat(properties.zone().code()).isEqualTo("KST");
        assertThat(properties.crypto().jwe().keyManagement()).isEqualTo(KeyManagement.RSA_OAEP);
        assertThat(properties.crypto().jwe().contentEncryption()).isEqualTo(ContentEncryption.A128GCM);
        assertThat(properties.crypto().wireEnvelope()).isEqualTo(WireEnvelope.parse("json:data"));
        assertThat(properties.crypto().rotating()).isTrue();
        assertThat(crypto().rotating()).isFalse();
    }

    @Test
    void withoutABaseUrlOnlyTheZoneAndInstanceIdApply() {
        // the embedded sandbox: no credentials, no crypto
        assertThatCode(() -> new KonaplateProperties(null, null, null, null, "UTC", 1023, Duration.ofSeconds(2), null))
                .doesNotThrowAnyException();
        assertThat(problems(() -> new KonaplateProperties(null, null, null, null, "XYZ", 1024, Duration.ofSeconds(2),
                null))).containsExactly(
                        "konaplate.time-zone: unsupported time-zone code 'XYZ'; supported: [GMT, JST, KST, UTC]",
                        "konaplate.instance-id must be between 0 and 1023");
    }

    @Test
    void theBaseUrlIsAnAbsoluteHttpUrl() {
        for (String url : List.of("ftp://konaplate.example/open-api", "open-api", "https:/open-api")) {
            assertThat(problems(() -> new KonaplateProperties(URI.create(url), ASP_ID, ACCESS_KEY, SECRET, "KST", null,
                    Duration.ofSeconds(2), crypto()))).as(url)
                    .containsExactly("konaplate.base-url must be an absolute http(s) URL");
        }
        assertThatCode(() -> new KonaplateProperties(URI.create("http://127.0.0.1:8080"), ASP_ID, ACCESS_KEY, SECRET,
                "KST", null, Duration.ofSeconds(2), crypto())).doesNotThrowAnyException();
    }

    @Test
    void credentialsHaveTheirLengthsAndAreRequired() {
        assertThat(problems(() -> new KonaplateProperties(BASE_URL, "SHORT", ACCESS_KEY + "X", SECRET, "KST", null,
                Duration.ofSeconds(2), crypto()))).containsExactly(
                        "konaplate.asp-id must be exactly 15 characters (got 5)",
                        "konaplate.access-key must be exactly 40 characters (got 41)");
        assertThat(problems(() -> new KonaplateProperties(BASE_URL, null, " ", null, "KST", null,
                Duration.ofSeconds(2), crypto()))).containsExactly("konaplate.asp-id is required",
                        "konaplate.access-key is required", "konaplate.secret-key is required");
    }

    @Test
    void theZoneAndInstanceIdAlsoApplyWithABaseUrl() {
        assertThat(problems(() -> new KonaplateProperties(BASE_URL, ASP_ID, ACCESS_KEY, SECRET, "CET", -1,
                Duration.ofSeconds(2), crypto()))).containsExactly(
                        "konaplate.time-zone: unsupported time-zone code 'CET'; supported: [GMT, JST, KST, UTC]",
                        "konaplate.instance-id must be between 0 and 1023");
        assertThatCode(() -> new KonaplateProperties(BASE_URL, ASP_ID, ACCESS_KEY, SECRET, "jst", 0,
                Duration.ofSeconds(2), crypto())).doesNotThrowAnyException();
    }

    @Test
    void theCryptoKeyIdAndAlgorithmsAreKnown() {
        assertThat(problems(() -> vendor(crypto("abc", "RSA1_5", "A128CBC-HS256", "xml", null)))).containsExactly(
                "konaplate.crypto.key-id must be exactly 32 characters (got 3)",
                "konaplate.crypto.key-management must be RSA-OAEP-256 or RSA-OAEP",
                "konaplate.crypto.content-encryption must be A256GCM or A128GCM",
                "konaplate.crypto.envelope must be 'compact' or 'json:<field>'");
        assertThat(problems(() -> vendor(crypto(null, "RSA-OAEP-256", "A256GCM", "json:", null))))
                .containsExactly("konaplate.crypto.key-id is required",
                        "konaplate.crypto.envelope must be 'compact' or 'json:<field>'");
        assertThat(problems(() -> vendor(null))).containsExactly("konaplate.crypto.key-id is required");
    }

    @Test
    void theKeyFilesAreNamed() {
        KonaplateProperties.Crypto unnamed = new KonaplateProperties.Crypto(KID, null, " ", null, "RSA-OAEP-256",
                "A256GCM", "compact", null, Duration.ofSeconds(30));
        assertThat(problems(() -> vendor(unnamed))).containsExactly(
                "konaplate.crypto.server-public-key is required (a resource location such as "
                        + "file:/etc/konagw/keys/key.pem)",
                "konaplate.crypto.client-private-key is required (a resource location such as "
                        + "file:/etc/konagw/keys/key.pem)");
    }

    @Test
    void theNextKeyIdIsAnotherValidKeyIdWithItsPrivateKey() {
        assertThat(problems(() -> vendor(crypto(KID, "RSA-OAEP-256", "A256GCM", "compact",
                new KonaplateProperties.Next(KID, " ", null, null))))).containsExactly(
                        "konaplate.crypto.next.key-id must differ from konaplate.crypto.key-id",
                        "konaplate.crypto.next.client-private-key is required (a resource location such as "
                                + "file:/etc/konagw/keys/key.pem)",
                        "konaplate.crypto.next.server-public-key is required (a resource location such as "
                                + "file:/etc/konagw/keys/key.pem)");
        assertThat(problems(() -> vendor(crypto(KID, "RSA-OAEP-256", "A256GCM", "compact",
                new KonaplateProperties.Next("short", null, "file:/keys/next-key.pem", null))))).containsExactly(
                        "konaplate.crypto.next.key-id must be exactly 32 characters (got 5)");
        // no next key id: the rest of next is not looked at (as before)
        assertThatCode(() -> vendor(crypto(KID, "RSA-OAEP-256", "A256GCM", "compact",
                new KonaplateProperties.Next(null, " ", null, null)))).doesNotThrowAnyException();
    }

    /** All at once, in the order the resolver listed them before the move, and no value among them. */
    @Test
    void everyProblemIsReportedAtOnceWithoutValues() {
        List<String> problems = problems(() -> new KonaplateProperties(URI.create("ftp://konaplate.example"), "SHORT",
                ACCESS_KEY + "X", " ", "XYZ", -1, Duration.ofSeconds(2), crypto("abc", "RSA1_5", "A192CBC", "xml",
                        new KonaplateProperties.Next("abc", null, "file:/keys/next-key.pem", null))));
        assertThat(problems).containsExactly(
                "konaplate.base-url must be an absolute http(s) URL",
                "konaplate.asp-id must be exactly 15 characters (got 5)",
                "konaplate.access-key must be exactly 40 characters (got 41)",
                "konaplate.secret-key is required",
                "konaplate.time-zone: unsupported time-zone code 'XYZ'; supported: [GMT, JST, KST, UTC]",
                "konaplate.instance-id must be between 0 and 1023",
                "konaplate.crypto.key-id must be exactly 32 characters (got 3)",
                "konaplate.crypto.key-management must be RSA-OAEP-256 or RSA-OAEP",
                "konaplate.crypto.content-encryption must be A256GCM or A128GCM",
                "konaplate.crypto.next.key-id must be exactly 32 characters (got 3)",
                "konaplate.crypto.next.key-id must differ from konaplate.crypto.key-id",
                "konaplate.crypto.envelope must be 'compact' or 'json:<field>'");
        assertThat(String.join("\n", problems)).doesNotContain("SHORT", ACCESS_KEY, "RSA1_5", "A192CBC", "abc");
    }

    @Test
    void toStringNamesNoSecret() {
        KonaplateProperties properties = vendor(new KonaplateProperties.Crypto(KID, "file:/s.pem", "file:/c.pem",
                "key-password", "RSA-OAEP-256", "A256GCM", "compact",
                new KonaplateProperties.Next(NEXT_KID, null, "file:/n.pem", "next-password"), Duration.ofSeconds(30)));
        assertThat(properties.toString()).doesNotContain(SECRET).doesNotContain(ACCESS_KEY)
                .doesNotContain("key-password").doesNotContain("next-password");
    }
}
