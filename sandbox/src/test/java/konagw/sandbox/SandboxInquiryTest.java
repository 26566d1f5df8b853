package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import konagw.core.card.CardNumber;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaResponse;
import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.KmHeaders;

/** Correct exchanges through adapter-core's KonaplateClient, over real HTTP. */
class SandboxInquiryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static SandboxServer sandbox;
    private static KonaplateClient client;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxSettings.builder().build());
        client = TestClients.client(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Arguments> cards() {
        return Stream.of(
                Arguments.of("9410000000000001", success(a -> assertThat(a)
                        .isEqualTo(new VirtualAccount("79790000000001", "090", "FIXATION", "ACTIVE")))),
                Arguments.of("9410000000000002", success(a -> {
                    assertThat(a.accountNo()).matches("797920\\d{8}");
                    assertThat(a.bankCode()).isEqualTo("088");
                    assertThat(a.connectType()).isEqualTo("ROTATION");
                    assertThat(a.status()).isEqualTo("ACTIVE");
                })),
                Arguments.of("9410000000000003", success(a -> assertThat(a)
                        .isEqualTo(new VirtualAccount("79790000000003", "090", "FIXATION", "INACTIVE")))),
                Arguments.of("9410000000000029", failure("003_029", "Card not found")),
                Arguments.of("9410000000000067", failure("003_067", "Not found virtual account.")),
                Arguments.of("9420123456789012", success(a -> {
                    assertThat(a.accountNo()).matches("3\\d{13}");
                    assertThat(a.bankCode()).matches("\\d{3}");
                    assertThat(a.connectType()).isEqualTo("FIXATION");
                    assertThat(a.status()).isEqualTo("ACTIVE");
                })),
                Arguments.of("9410000000000004", failure("003_029", "Card not found")),
                Arguments.of("1234567890123456", failure("003_029", "Card not found")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cards")
    void answersEveryTestCard(String card, Consumer<KonaResponse<VirtualAccount>> expectation) {
        long before = sandbox.admin().inquiriesForCard(card);
        KonaResponse<VirtualAccount> response = client.inquireVirtualAccount(CardNumber.parse(card)).block(TIMEOUT);
        expectation.accept(response);
        assertThat(sandbox.admin().inquiriesForCard(card)).isEqualTo(before + 1);
        assertThat(sandbox.admin().violations()).isEmpty();
    }

    private static Consumer<KonaResponse<VirtualAccount>> success(Consumer<VirtualAccount> check) {
        return r -> {
            assertThat(r).isInstanceOf(KonaResponse.Success.class);
            var s = (KonaResponse.Success<VirtualAccount>) r;
            assertThat(s.httpStatus()).isEqualTo(200);
            assertThat(s.correlationId()).hasSize(20);
            check.accept(s.value());
        };
    }

    private static Consumer<KonaResponse<VirtualAccount>> failure(String code, String message) {
        return r -> {
            assertThat(r).isInstanceOf(KonaResponse.Failure.class);
            VendorError e = ((KonaResponse.Failure<VirtualAccount>) r).error();
            assertThat(e).isEqualTo(new VendorError(400, code, message));
        };
    }

    @Test
    void rotationCardChangesItsAccountEveryCall() {
        VirtualAccount first = account("9410000000000002");
        VirtualAccount second = account("9410000000000002");
        assertThat(second.accountNo()).isNotEqualTo(first.accountNo());
    }

    @Test
    void generatedCardsAreDeterministic() {
        assertThat(account("9420000000000042")).isEqualTo(account("9420000000000042"))
                .isEqualTo(new VirtualAccounts().derive("9420000000000042"));
        assertThat(account("9420000000000043").accountNo()).isNotEqualTo(account("9420000000000042").accountNo());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{}", "000_003"),
                Arguments.of("{\"cardNo\":null}", "000_003"),
                Arguments.of("{\"cardNo\":\"\"}", "000_003"),
                Arguments.of("{\"cardNo\":\"941000000000001\"}", "000_002"),
                Arguments.of("{\"cardNo\":\"94100000000000011\"}", "000_002"),
                Arguments.of("{\"cardNo\":\"94100000000000a1\"}", "000_002"),
                Arguments.of("{\"cardNo\":9410000000000001}", "000_002"),
                Arguments.of("[\"9410000000000001\"]", "000_002"),
                Arguments.of("not json", "000_002"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badBodies")
    void validatesTheDecryptedBody(String body, String code) {
        long violations = sandbox.admin().violationCount();
        KonaResponse<byte[]> r = client.exchange(ApiHandler.INQUIRY_PATH, body.getBytes(StandardCharsets.UTF_8), true)
                .block(TIMEOUT);
        assertThat(r).isInstanceOf(KonaResponse.Failure.class);
        VendorError e = ((KonaResponse.Failure<byte[]>) r).error();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(code);
        // a bad card number is the caller's input error, not a protocol violation
        assertThat(sandbox.admin().violationCount()).isEqualTo(violations);
    }

    @Test
    void answersAreEncryptedToTheClientKeyAndEchoTheHeaders() {
        RawExchange raw = new RawExchange(sandbox);
        RawExchange.RawRequest request = raw.encrypted(ApiHandler.INQUIRY_PATH, "{\"cardNo\":\"9410000000000001\"}");
        RawExchange.RawResponse response = raw.exchange(request);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/jose");
        assertThat(response.headers().get(KmHeaders.CORRELATION_ID))
                .isEqualTo(request.headers.get(KmHeaders.CORRELATION_ID));
        assertThat(response.headers().get(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(sandbox.settings().cryptoKeyId());
        String plaintext = new String(konagw.core.jwe.JweDecryptor.single(sandbox.settings().cryptoKeyId(),
                sandbox.keys().clientPrivateKey(), sandbox.settings().jwe()).decrypt(response.text()),
                StandardCharsets.UTF_8);
        assertThat(plaintext).isEqualTo("{\"code\":\"000_000\",\"message\":\"Success.\",\"accountNo\":\"79790000000001\","
                + "\"bankCode\":\"090\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\"}");
    }

    @Test
    void errorsArePlainJsonByDefault() {
        RawExchange raw = new RawExchange(sandbox);
        RawExchange.RawResponse response = raw.exchange(
                raw.encrypted(ApiHandler.INQUIRY_PATH, "{\"cardNo\":\"9410000000000029\"}"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(response.text()).isEqualTo("{\"code\":\"003_029\",\"message\":\"Card not found\"}");
    }

    @Test
    void encryptsErrorsWhenConfigured() {
        try (SandboxServer encrypting = SandboxServer.start(SandboxSettings.builder().encryptErrors(true).build())) {
            RawExchange raw = new RawExchange(encrypting);
            RawExchange.RawResponse response = raw.exchange(
                    raw.encrypted(ApiHandler.INQUIRY_PATH, "{\"cardNo\":\"9410000000000067\"}"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.headers().get("Content-Type")).isEqualTo("application/jose");
            KonaResponse<VirtualAccount> r = TestClients.client(encrypting)
                    .inquireVirtualAccount(CardNumber.parse("9410000000000067")).block(TIMEOUT);
            assertThat(((KonaResponse.Failure<VirtualAccount>) r).error())
                    .isEqualTo(new VendorError(400, "003_067", "Not found virtual account."));
        }
    }

    @Test
    void jsonEnvelopeAndOtherAlgorithms() {
        SandboxSettings settings = SandboxSettings.builder().envelope(WireEnvelope.jsonField("payload"))
                .jwe(new JweSettings(konagw.core.jwe.KeyManagement.RSA_OAEP, konagw.core.jwe.ContentEncryption.A128GCM))
                .build();
        try (SandboxServer json = SandboxServer.start(settings)) {
            VirtualAccount a = ((KonaResponse.Success<VirtualAccount>) TestClients.client(json)
                    .inquireVirtualAccount(CardNumber.parse("9410000000000003")).block(TIMEOUT)).value();
            assertThat(a.status()).isEqualTo("INACTIVE");
            RawExchange raw = new RawExchange(json);
            RawExchange.RawResponse response = raw.exchange(
                    raw.encrypted(ApiHandler.INQUIRY_PATH, "{\"cardNo\":\"9410000000000001\"}"));
            assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(response.text()).startsWith("{\"payload\":\"ey");
        }
    }

    @Test
    void extraKeyIdsAnswerWithTheirOwnClientKey() {
        KeyPair second = KeyMaterial.generateRsa2048();
        String secondKid = "0123456789abcdef0123456789abcdef";
        SandboxSettings settings = SandboxSettings.builder()
                .extraClientKey(secondKid, (RSAPublicKey) second.getPublic()).build();
        try (SandboxServer rotating = SandboxServer.start(settings)) {
            KonaplateClient secondClient = TestClients.client(rotating.baseUrl(), settings.credentials(), secondKid,
                    (RSAPublicKey) rotating.keys().serverCertificate().getPublicKey(),
                    (RSAPrivateKey) second.getPrivate(), settings.jwe(), settings.envelope());
            assertThat(secondClient.inquireVirtualAccount(CardNumber.parse("9410000000000001")).block(TIMEOUT))
                    .isInstanceOf(KonaResponse.Success.class);
            assertThat(TestClients.client(rotating).inquireVirtualAccount(CardNumber.parse("9410000000000001"))
                    .block(TIMEOUT)).isInstanceOf(KonaResponse.Success.class);
        }
    }

    @Test
    void echoesOtherApisEncryptedOrPlain() {
        byte[] json = "{\"amount\":1000,\"memo\":\"한글\"}".getBytes(StandardCharsets.UTF_8);
        KonaResponse<byte[]> encrypted = client.exchange("/api/v1/charge", json, true).block(TIMEOUT);
        assertThat(((KonaResponse.Success<byte[]>) encrypted).value()).isEqualTo(json);
        KonaResponse<byte[]> plain = client.exchange("/api/v1/member/search", json, false).block(TIMEOUT);
        assertThat(((KonaResponse.Success<byte[]>) plain).value()).isEqualTo(json);
        assertThat(sandbox.admin().requests("/api/v1/charge")).isEqualTo(1);
        assertThat(sandbox.admin().requests("/api/v1/member/search")).isEqualTo(1);
    }

    @Test
    void refusesAnEchoBodyThatIsNotAJsonObject() {
        for (boolean encrypted : new boolean[] {true, false}) {
            for (String body : new String[] {"[1,2]", "\"text\"", "{not json"}) {
                KonaResponse<byte[]> r = client.exchange("/api/v1/charge", body.getBytes(StandardCharsets.UTF_8),
                        encrypted).block(TIMEOUT);
                assertThat(r).as("%s, encrypted=%s", body, encrypted).isInstanceOf(KonaResponse.Failure.class);
                VendorError e = ((KonaResponse.Failure<byte[]>) r).error();
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("000_002");
            }
        }
        assertThat(sandbox.admin().violations()).isEmpty();
    }

    @Test
    void acceptsTheVendorBasePath() {
        RawExchange raw = new RawExchange(sandbox);
        RawExchange.RawRequest request = raw.encrypted("/open-api" + ApiHandler.INQUIRY_PATH,
                "{\"cardNo\":\"9410000000000001\"}");
        assertThat(raw.exchange(request).status()).isEqualTo(200);
    }

    private static VirtualAccount account(String card) {
        KonaResponse<VirtualAccount> r = client.inquireVirtualAccount(CardNumber.parse(card)).block(TIMEOUT);
        assertThat(r).isInstanceOf(KonaResponse.Success.class);
        return ((KonaResponse.Success<VirtualAccount>) r).value();
    }
}
