package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import konagw.core.jwe.ContentEncryption;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.KeyManagement;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.KmHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each way a request can break the protocol, crafted with adapter-core's own signer and encryptor and then tampered
 * with: answered 400 000_002 with the reason, and listed by the admin API with that reason.
 */
class SandboxViolationTest {

    private static final String INQUIRY = ApiHandler.INQUIRY_PATH;
    private static final String CARD = "{\"cardNo\":\"9410000000000001\"}";
    private static final String OTHER_KID = "ffffffffffffffffffffffffffffffff";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SandboxServer sandbox;
    private static RawExchange raw;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxSettings.builder().build());
        raw = new RawExchange(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** A tampering: gets the exchange (for keys) and a correct request, changes one thing. */
    interface Tamper extends BiConsumer<RawExchange, RawExchange.RawRequest> {
    }

    private static Arguments missing(String header) {
        return Arguments.of("missing " + header, (Tamper) (x, r) -> r.header(header, null), header + ": missing");
    }

    private static Arguments length(String header, int delta) {
        return Arguments.of(header + " length " + delta, (Tamper) (x, r) -> {
            String v = r.headers.get(header);
            r.header(header, delta < 0 ? v.substring(0, v.length() + delta) : v + "0".repeat(delta));
        }, header + ": length ");
    }

    private static Tamper resignedAt(Instant at) {
        return (x, r) -> RawExchange.sign(r, sandbox.settings().credentials().secretKey(), at);
    }

    private static Tamper encryptedWith(JweEncryptor encryptor) {
        return (x, r) -> {
            r.body = sandbox.settings().envelope().wrap(encryptor.encrypt(r.plaintext.getBytes(StandardCharsets.UTF_8)));
            RawExchange.sign(r, sandbox.settings().credentials().secretKey(), Instant.now());
        };
    }

    static Stream<Arguments> violations() {
        RSAPublicKey serverKey = (RSAPublicKey) sandbox.keys().serverCertificate().getPublicKey();
        String kid = sandbox.settings().cryptoKeyId();
        Instant stale = Instant.now().minus(Duration.ofMinutes(10));
        return Stream.of(
                missing(KmHeaders.USER_ASP_ID),
                missing(KmHeaders.CORRELATION_ID),
                missing(KmHeaders.ACCESS_KEY),
                missing(KmHeaders.CRYPTO_KEY_ID),
                missing(KmHeaders.TRAN_TOKEN),
                missing(KmHeaders.TRAN_TIME),
                missing(KmHeaders.TIME_ZONE),
                Arguments.of("missing Content-Type", (Tamper) (x, r) -> r.header("Content-Type", null), "Content-Type: missing"),
                Arguments.of("missing Accept", (Tamper) (x, r) -> r.header("Accept", null), "Accept: "),
                Arguments.of("Accept text/plain", (Tamper) (x, r) -> r.header("Accept", "text/plain"), "Accept: "),
                Arguments.of("Accept */* only", (Tamper) (x, r) -> r.header("Accept", "*/*"), "Accept: "),
                length(KmHeaders.USER_ASP_ID, -1),
                length(KmHeaders.USER_ASP_ID, 1),
                length(KmHeaders.CORRELATION_ID, -1),
                length(KmHeaders.ACCESS_KEY, -1),
                length(KmHeaders.CRYPTO_KEY_ID, -1),
                length(KmHeaders.TRAN_TOKEN, -1),
                length(KmHeaders.TRAN_TIME, -1),
                length(KmHeaders.TIME_ZONE, -1),
                length(KmHeaders.TIME_ZONE, 1),
                Arguments.of("wrong ASP id", (Tamper) (x, r) -> r.header(KmHeaders.USER_ASP_ID, "KONAGWSANDBOX02"),
                        KmHeaders.USER_ASP_ID + ": does not match"),
                Arguments.of("wrong access key", (Tamper) (x, r) -> r.header(KmHeaders.ACCESS_KEY, "A".repeat(40)),
                        KmHeaders.ACCESS_KEY + ": does not match"),
                Arguments.of("correlation id not hex", (Tamper) (x, r) -> r.header(KmHeaders.CORRELATION_ID,
                        r.headers.get(KmHeaders.CORRELATION_ID).substring(0, 13) + "xyz1234"),
                        KmHeaders.CORRELATION_ID + ": not yyMMddHHmmss-xxxxxxx"),
                Arguments.of("correlation id without dash", (Tamper) (x, r) -> r.header(KmHeaders.CORRELATION_ID,
                        r.headers.get(KmHeaders.CORRELATION_ID).replace('-', '0')),
                        KmHeaders.CORRELATION_ID + ": not yyMMddHHmmss-xxxxxxx"),
                Arguments.of("correlation id month 13", (Tamper) (x, r) -> r.header(KmHeaders.CORRELATION_ID,
                        "261399120000-abcdef0"), KmHeaders.CORRELATION_ID + ": timestamp is not a valid"),
                Arguments.of("stale correlation id", (Tamper) (x, r) -> r.header(KmHeaders.CORRELATION_ID,
                        TestClients.idAt(stale)), KmHeaders.CORRELATION_ID + ": timestamp outside"),
                Arguments.of("future correlation id", (Tamper) (x, r) -> r.header(KmHeaders.CORRELATION_ID,
                        TestClients.idAt(Instant.now().plus(Duration.ofMinutes(10)))),
                        KmHeaders.CORRELATION_ID + ": timestamp outside"),
                Arguments.of("stale tran time (token signed consistently)", resignedAt(stale),
                        KmHeaders.TRAN_TIME + ": timestamp outside"),
                Arguments.of("tran time not digits", (Tamper) (x, r) -> r.header(KmHeaders.TRAN_TIME, "2026112321000x"),
                        KmHeaders.TRAN_TIME + ": not 14 digits"),
                Arguments.of("unknown time zone", (Tamper) (x, r) -> r.header(KmHeaders.TIME_ZONE, "XYZ"),
                        KmHeaders.TIME_ZONE + ": unknown zone"),
                Arguments.of("time zone not upper-case letters", (Tamper) (x, r) -> r.header(KmHeaders.TIME_ZONE, "kst"),
                        KmHeaders.TIME_ZONE + ": not 3 upper-case letters"),
                Arguments.of("declared zone UTC while times are KST", (Tamper) (x, r) -> r.header(KmHeaders.TIME_ZONE, "UTC"),
                        KmHeaders.CORRELATION_ID + ": timestamp outside"),
                Arguments.of("token signed with another secret", (Tamper) (x, r) ->
                        RawExchange.sign(r, "not-the-secret", Instant.now()), KmHeaders.TRAN_TOKEN + ": HMAC does not match"),
                Arguments.of("body changed after signing", (Tamper) (x, r) -> {
                    String jwe = new String(r.body, StandardCharsets.US_ASCII);
                    r.body = (jwe.substring(0, jwe.length() - 1) + (jwe.endsWith("A") ? "B" : "A"))
                            .getBytes(StandardCharsets.US_ASCII);
                }, KmHeaders.TRAN_TOKEN + ": HMAC does not match"),
                Arguments.of("token time differs from tran time", (Tamper) (x, r) -> {
                    String token = r.headers.get(KmHeaders.TRAN_TOKEN);
                    char last = token.charAt(18); // last digit of the seconds
                    r.header(KmHeaders.TRAN_TOKEN, token.substring(0, 18) + (last == '9' ? '8' : (char) (last + 1))
                            + token.substring(19));
                }, KmHeaders.TRAN_TOKEN + ": its time does not match"),
                Arguments.of("token with another version", (Tamper) (x, r) -> r.header(KmHeaders.TRAN_TOKEN,
                        "KMV2" + r.headers.get(KmHeaders.TRAN_TOKEN).substring(4)), KmHeaders.TRAN_TOKEN + ": malformed"),
                Arguments.of("unknown crypto key id", (Tamper) (x, r) -> r.header(KmHeaders.CRYPTO_KEY_ID, OTHER_KID),
                        KmHeaders.CRYPTO_KEY_ID + ": unknown crypto key id"),
                Arguments.of("JWE kid differs from the header", encryptedWith(new JweEncryptor(serverKey, OTHER_KID,
                        JweSettings.defaults())), "JWE: kid does not equal"),
                Arguments.of("JWE alg RSA-OAEP", encryptedWith(new JweEncryptor(serverKey, kid,
                        new JweSettings(KeyManagement.RSA_OAEP, ContentEncryption.A256GCM))), "JWE: alg RSA-OAEP,"),
                Arguments.of("JWE enc A128GCM", encryptedWith(new JweEncryptor(serverKey, kid,
                        new JweSettings(KeyManagement.RSA_OAEP_256, ContentEncryption.A128GCM))), "JWE: enc A128GCM,"),
                Arguments.of("JWE to another server key (undecryptable)", encryptedWith(new JweEncryptor(
                        (RSAPublicKey) KeyMaterial.generateRsa2048().getPublic(), kid, JweSettings.defaults())),
                        "JWE: cannot be decrypted"),
                Arguments.of("plain JSON body with a crypto key id", (Tamper) (x, r) -> {
                    r.body = CARD.getBytes(StandardCharsets.UTF_8);
                    RawExchange.sign(r, sandbox.settings().credentials().secretKey(), Instant.now());
                }, "JWE: the body is not a JWE"),
                Arguments.of("JWE sent as application/json", (Tamper) (x, r) -> r.header("Content-Type", "application/json"),
                        "Content-Type: 'application/json', expected application/jose"),
                Arguments.of("GET instead of POST", (Tamper) (x, r) -> r.method = "GET", "method: GET"),
                Arguments.of("header sent twice", (Tamper) (x, r) -> r.headers.add(KmHeaders.TRAN_TIME,
                        r.headers.get(KmHeaders.TRAN_TIME)), KmHeaders.TRAN_TIME + ": sent 2 times"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void rejectsAndCountsEachViolation(String name, Tamper tamper, String reason) {
        RawExchange.RawRequest request = raw.encrypted(INQUIRY, CARD);
        tamper.accept(raw, request);
        assertRejected(INQUIRY, request, reason);
    }

    static Stream<Arguments> plainViolations() {
        return Stream.of(
                Arguments.of("plain body as application/jose", (Tamper) (x, r) -> r.header("Content-Type", "application/jose"),
                        "Content-Type: 'application/jose', expected application/json"),
                Arguments.of("inquiry without encryption", (Tamper) (x, r) -> r.path = INQUIRY,
                        KmHeaders.CRYPTO_KEY_ID + ": missing; this API requires an encrypted body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainViolations")
    void rejectsPlainRequestViolations(String name, Tamper tamper, String reason) {
        RawExchange.RawRequest request = raw.plain("/api/v1/echo", "{\"a\":1}");
        tamper.accept(raw, request);
        assertRejected(request.path, request, reason);
    }

    @Test
    void rejectsARepeatedCorrelationId() {
        RawExchange.RawRequest first = raw.encrypted(INQUIRY, CARD);
        assertThat(raw.exchange(first).status()).isEqualTo(200);
        long duplicates = sandbox.admin().duplicateCorrelationIds();
        RawExchange.RawRequest again = raw.encrypted(INQUIRY, CARD);
        again.header(KmHeaders.CORRELATION_ID, first.headers.get(KmHeaders.CORRELATION_ID));
        assertRejected(INQUIRY, again, KmHeaders.CORRELATION_ID + ": duplicate");
        assertThat(sandbox.admin().duplicateCorrelationIds()).isEqualTo(duplicates + 1);
        // the same id in upper-case hex is the same id
        RawExchange.RawRequest upper = raw.encrypted(INQUIRY, CARD);
        upper.header(KmHeaders.CORRELATION_ID, first.headers.get(KmHeaders.CORRELATION_ID).toUpperCase());
        assertRejected(INQUIRY, upper, KmHeaders.CORRELATION_ID + ": duplicate");
    }

    @Test
    void theUntamperedRequestPasses() {
        RawExchange.RawResponse response = raw.exchange(raw.encrypted(INQUIRY, CARD));
        assertThat(response.status()).isEqualTo(200);
        RawExchange.RawResponse plain = raw.exchange(raw.plain("/api/v1/echo", "{\"a\":1}"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.text()).isEqualTo("{\"a\":1}");
    }

    private static void assertRejected(String path, RawExchange.RawRequest request, String reason) {
        long before = sandbox.admin().violationCount();
        RawExchange.RawResponse response = raw.exchange(request);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").stringValue()).isEqualTo("000_002");
        assertThat(body.get("message").stringValue()).startsWith("Invalid input parameter.").contains(reason);
        assertThat(sandbox.admin().violationCount()).isEqualTo(before + 1);
        List<SandboxAdmin.Violation> listed = sandbox.admin().violations();
        SandboxAdmin.Violation last = listed.get(listed.size() - 1);
        assertThat(last.path()).isEqualTo(path);
        assertThat(last.reason()).startsWith(reason);
        assertThat(sandbox.admin().violationsByReason()).containsKey(last.reason());
    }
}
