package konagw.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import konagw.core.card.CardNumber;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.correlation.CorrelationIds;
import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweException;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.ApiCredentials;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import konagw.core.token.TranTokenVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.test.StepVerifier;

/** The client against a real Reactor Netty server on a random port, playing the vendor. */
class KonaplateClientTest {

    private static final String PAN = "9410123456789012";
    private static final CardNumber CARD = CardNumber.parse(PAN);
    private static final String ACCOUNT_NO = "12345678901234";
    private static final String ASP_ID = "KONAGWTEST00001";
    private static final String ACCESS_KEY = "AK0123456789abcdefghijABCDEFGHIJ01234567";
    private static final String SECRET = "test-secret-key-0123456789";
    private static final String KID = "0123456789abcdef0123456789abcdef";
    private static final String INQUIRY = "/open-api" + KonaplateClient.INQUIRY_PATH;
    private static final String SUCCESS_JSON = "{\"accountNo\":\"" + ACCOUNT_NO
            + "\",\"bankCode\":\"088\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\",\"code\":\"000_000\"}";
    // 2024-02-29 23:05:09.007 in Seoul
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-02-29T14:05:09.007Z"), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static KeyPair serverKeys;
    private static KeyPair clientKeys;
    private static ThreadRecordingKey clientPrivateKey;
    private static DisposableServer server;
    private static Scheduler crypto;
    private static JweEncryptor vendorEncryptor;
    private static JweDecryptor vendorDecryptor;

    private static final AtomicReference<Responder> responder = new AtomicReference<>();
    private static final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

    @FunctionalInterface
    interface Responder {
        Publisher<Void> respond(HttpServerRequest request, byte[] body, HttpServerResponse response);
    }

    record Recorded(String method, String uri, HttpHeaders headers, byte[] body) {
    }

    @BeforeAll
    static void start() {
        serverKeys = KeyMaterial.generateRsa2048();
        clientKeys = KeyMaterial.generateRsa2048();
        clientPrivateKey = new ThreadRecordingKey((RSAPrivateCrtKey) clientKeys.getPrivate());
        vendorEncryptor = new JweEncryptor((RSAPublicKey) clientKeys.getPublic(), KID, JweSettings.defaults());
        vendorDecryptor = JweDecryptor.single(KID, (RSAPrivateKey) serverKeys.getPrivate(), JweSettings.defaults());
        crypto = Schedulers.newParallel("kona-crypto", 2);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive().aggregate().asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            requests.add(new Recorded(request.method().name(), request.uri(),
                                    new DefaultHttpHeaders().set(request.requestHeaders()), body));
                            return Mono.from(responder.get().respond(request, body, response));
                        }))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        crypto.dispose();
    }

    @BeforeEach
    void reset() {
        requests.clear();
        clientPrivateKey.threads.clear();
        responder.set((request, body, response) -> response.status(500).send());
    }

    @Test
    void sendsEverySignedHeaderAndAnEncryptedBodyAndDecryptsTheAnswerOffTheEventLoop() throws Exception {
        responder.set(encrypted(200, SUCCESS_JSON));
        AtomicReference<String> deliveredOn = new AtomicReference<>();

        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD)
                        .doOnNext(r -> deliveredOn.set(Thread.currentThread().getName())))
                .assertNext(response -> {
                    assertThat(response).isInstanceOf(KonaResponse.Success.class);
                    KonaResponse.Success<VirtualAccount> success = (KonaResponse.Success<VirtualAccount>) response;
                    assertThat(success.value())
                            .isEqualTo(new VirtualAccount(ACCOUNT_NO, "088", "FIXATION", "ACTIVE"));
                    assertThat(success.httpStatus()).isEqualTo(200);
                    assertThat(CorrelationIds.isWellFormed(success.correlationId())).isTrue();
                })
                .expectComplete()
                .verify(WAIT);

        Recorded request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(INQUIRY);
        HttpHeaders h = request.headers();
        assertThat(h.get(KmHeaders.USER_ASP_ID)).isEqualTo(ASP_ID).hasSize(KmHeaders.ASP_ID_LENGTH);
        assertThat(h.get(KmHeaders.ACCESS_KEY)).isEqualTo(ACCESS_KEY).hasSize(KmHeaders.ACCESS_KEY_LENGTH);
        assertThat(h.get(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(KID).hasSize(KmHeaders.CRYPTO_KEY_ID_LENGTH);
        assertThat(h.get(KmHeaders.CORRELATION_ID)).matches("2402292305\\d\\d-[0-9a-f]{7}");
        assertThat(h.get(KmHeaders.TRAN_TIME)).isEqualTo("20240229230509");
        assertThat(h.get(KmHeaders.TIME_ZONE)).isEqualTo("KST");
        assertThat(h.get("Accept")).isEqualTo("application/json");
        assertThat(h.get("Content-Type")).isEqualTo("application/jose");
        assertThat(h.getInt("Content-Length")).isEqualTo(request.body().length);

        String token = h.get(KmHeaders.TRAN_TOKEN);
        assertThat(token).hasSize(KmHeaders.TRAN_TOKEN_LENGTH)
                .matches("KMV1:\\d{17}:[A-Za-z0-9+/]{43}=")
                .startsWith("KMV1:20240229230509007:")
                .endsWith(":" + hmacBase64(SECRET, request.body()));
        new TranTokenVerifier(SECRET, Duration.ofMinutes(5), CLOCK)
                .verify(token, h.get(KmHeaders.TRAN_TIME), KonaTimeZone.KST.zone(), request.body());

        String jwe = new String(request.body(), StandardCharsets.US_ASCII);
        JWEHeader header = JWEObject.parse(jwe).getHeader();
        assertThat(header.getAlgorithm().getName()).isEqualTo("RSA-OAEP-256");
        assertThat(header.getEncryptionMethod().getName()).isEqualTo("A256GCM");
        assertThat(header.getKeyID()).isEqualTo(KID);
        assertThat(new String(vendorDecryptor.decrypt(jwe), StandardCharsets.UTF_8))
                .isEqualTo("{\"cardNo\":\"" + PAN + "\"}");

        // The RSA private-key operation read the client key on a crypto thread only.
        assertThat(clientPrivateKey.threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("kona-crypto"));
        assertThat(deliveredOn.get()).startsWith("kona-crypto");
    }

    @Test
    void jsonFieldEnvelopeBothWays() throws Exception {
        responder.set((request, body, response) -> response.status(200)
                .header(KmHeaders.CORRELATION_ID, request.requestHeaders().get(KmHeaders.CORRELATION_ID))
                .header("Content-Type", "application/json")
                .sendString(Mono.just("{\"data\":\"" + vendorEncryptor.encrypt(bytes(SUCCESS_JSON)) + "\"}")));

        StepVerifier.create(client(WireEnvelope.jsonField("data")).inquireVirtualAccount(CARD))
                .assertNext(response -> assertThat(((KonaResponse.Success<VirtualAccount>) response).value().accountNo())
                        .isEqualTo(ACCOUNT_NO))
                .expectComplete()
                .verify(WAIT);

        Recorded request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
        String body = new String(request.body(), StandardCharsets.US_ASCII);
        assertThat(body).startsWith("{\"data\":\"").endsWith("\"}");
        String jwe = body.substring("{\"data\":\"".length(), body.length() - 2);
        assertThat(new String(vendorDecryptor.decrypt(jwe), StandardCharsets.UTF_8)).contains(PAN);
        assertThat(request.headers().get(KmHeaders.TRAN_TOKEN)).endsWith(":" + hmacBase64(SECRET, request.body()));
    }

    @Test
    void vendorErrorInPlainJsonIsAValueEvenWithoutTheEcho() {
        responder.set((request, body, response) -> response.status(400).header("Content-Type", "application/json")
                .sendString(Mono.just("{\"code\":\"003_029\",\"message\":\"Card not found\"}")));

        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD))
                .assertNext(response -> {
                    assertThat(response).isInstanceOf(KonaResponse.Failure.class);
                    assertThat(((KonaResponse.Failure<VirtualAccount>) response).error())
                            .isEqualTo(new VendorError(400, "003_029", "Card not found"));
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void vendorErrorEncrypted() {
        responder.set(encrypted(400, "{\"code\":\"003_067\",\"message\":\"Not found virtual account.\"}"));

        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD))
                .assertNext(response -> {
                    VendorError error = ((KonaResponse.Failure<VirtualAccount>) response).error();
                    assertThat(error).isEqualTo(new VendorError(400, "003_067", "Not found virtual account."));
                    assertThat(error.konaCode()).hasValueSatisfying(c -> assertThat(c.httpStatus()).isEqualTo(400));
                })
                .expectComplete()
                .verify(WAIT);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void serverErrorsAreTransportFailures(int status) {
        responder.set((request, body, response) -> response.status(status).header("Content-Type", "application/json")
                .sendString(Mono.just("{\"code\":\"999_999\",\"message\":\"down\"}")));

        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOfSatisfying(UpstreamTransportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpstreamTransportException.Kind.SERVER_ERROR);
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(CorrelationIds.isWellFormed(e.correlationId())).isTrue();
                        assertThat(e.getMessage()).doesNotContain(PAN);
                    });
                })
                .verify(WAIT);
    }

    @Test
    void connectionRefusedIsConnect() {
        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = closed.port();
        closed.disposeNow();

        StepVerifier.create(client(URI.create("http://127.0.0.1:" + port), WireEnvelope.compact(), Duration.ofSeconds(2))
                        .inquireVirtualAccount(CARD))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UpstreamTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(UpstreamTransportException.Kind.CONNECT)))
                .verify(WAIT);
    }

    @Test
    void noAnswerWithinTheResponseTimeoutIsTimeout() {
        responder.set((request, body, response) -> Mono.delay(Duration.ofSeconds(5))
                .then(Mono.from(response.status(200).sendString(Mono.just("late")))));

        StepVerifier.create(client(baseUrl(), WireEnvelope.compact(), Duration.ofMillis(300)).inquireVirtualAccount(CARD))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UpstreamTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(UpstreamTransportException.Kind.TIMEOUT)))
                .verify(WAIT);
    }

    @Test
    void anUndecryptableAnswerIsBadJwe() {
        responder.set(echoing(200, "application/jose", "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.bm9wZQ.bm9wZQ.bm9wZQ.bm9wZQ"));
        expectUnusable(UpstreamUnusableException.Kind.BAD_JWE);
    }

    @Test
    void aJweToAnotherKeyIsBadJwe() {
        JweEncryptor wrongKey = new JweEncryptor((RSAPublicKey) serverKeys.getPublic(), KID, JweSettings.defaults());
        responder.set(echoing(200, "application/jose", wrongKey.encrypt(bytes(SUCCESS_JSON))));
        expectUnusable(UpstreamUnusableException.Kind.BAD_JWE);
    }

    @Test
    void plainJsonThatDoesNotParseIsBadJson() {
        responder.set(echoing(400, "application/json", "{\"code\":"));
        expectUnusable(UpstreamUnusableException.Kind.BAD_JSON);
    }

    @Test
    void aPlainSuccessToAnEncryptedRequestIsRejectedAsNotEncrypted() {
        responder.set(echoing(200, "application/json", "{\"code\":\"000_000\",\"accountNo\":\"" + ACCOUNT_NO
                + "\",\"bankCode\":\"090\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\"}"));
        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UpstreamUnusableException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(UpstreamUnusableException.Kind.BAD_JWE);
                            assertThat(e.getCause()).isInstanceOfSatisfying(JweException.class,
                                    jwe -> assertThat(jwe.kind()).isEqualTo(JweException.Kind.NOT_ENCRYPTED));
                            assertThat(e.getMessage()).doesNotContain(ACCOUNT_NO);
                        }))
                .verify(WAIT);
    }

    @Test
    void encryptedGarbageIsBadJsonAndTheMessageDoesNotQuoteIt() {
        responder.set(encrypted(200, "accountNo " + ACCOUNT_NO + " is not json"));
        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UpstreamUnusableException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(UpstreamUnusableException.Kind.BAD_JSON);
                            assertThat(e.getMessage()).doesNotContain(ACCOUNT_NO);
                            assertThat(e).hasNoCause();
                        }))
                .verify(WAIT);
    }

    @Test
    void aSuccessWithoutAccountFieldsIsMissingFields() {
        responder.set(encrypted(200, "{\"code\":\"000_000\",\"accountNo\":\"" + ACCOUNT_NO + "\"}"));
        expectUnusable(UpstreamUnusableException.Kind.MISSING_FIELDS);
    }

    @Test
    void anErrorWithoutACodeIsMissingFields() {
        responder.set(echoing(400, "application/json", "{\"message\":\"nope\"}"));
        expectUnusable(UpstreamUnusableException.Kind.MISSING_FIELDS);
    }

    @Test
    void aDifferentEchoedCorrelationIdIsAMismatch() {
        responder.set((request, body, response) -> response.status(200)
                .header(KmHeaders.CORRELATION_ID, "240229230509-0000000")
                .sendString(Mono.just(vendorEncryptor.encrypt(bytes(SUCCESS_JSON)))));
        expectUnusable(UpstreamUnusableException.Kind.CORRELATION_MISMATCH);
    }

    @Test
    void aSuccessWithoutTheEchoIsAMismatch() {
        responder.set((request, body, response) -> response.status(200)
                .sendString(Mono.just(vendorEncryptor.encrypt(bytes(SUCCESS_JSON)))));
        expectUnusable(UpstreamUnusableException.Kind.CORRELATION_MISMATCH);
    }

    @Test
    void aVendorErrorWithAWrongEchoIsAMismatch() {
        responder.set((request, body, response) -> response.status(400)
                .header(KmHeaders.CORRELATION_ID, "240229230509-0000000")
                .sendString(Mono.just("{\"code\":\"003_029\",\"message\":\"Card not found\"}")));
        expectUnusable(UpstreamUnusableException.Kind.CORRELATION_MISMATCH);
    }

    @Test
    void aResponseBodyOverTheLimitIsRejectedEvenWhenChunked() {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        responder.set((request, body, response) -> response.status(200)
                .header(KmHeaders.CORRELATION_ID, request.requestHeaders().get(KmHeaders.CORRELATION_ID))
                .sendByteArray(Flux.range(0, 20).map(i -> chunk)));
        expectUnusable(UpstreamUnusableException.Kind.BAD_JSON);
    }

    @Test
    void genericExchangeWithoutEncryptionSendsPlainJsonAndReturnsThePlaintext() throws Exception {
        responder.set(echoing(200, "application/json", "{\"ok\":true}"));
        byte[] body = bytes("{\"merchantId\":\"M-1\"}");

        StepVerifier.create(client(WireEnvelope.compact()).exchange("/api/v1/other", body, false))
                .assertNext(response -> assertThat(((KonaResponse.Success<byte[]>) response).value())
                        .asString(StandardCharsets.UTF_8).isEqualTo("{\"ok\":true}"))
                .expectComplete()
                .verify(WAIT);

        Recorded request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request.uri()).isEqualTo("/open-api/api/v1/other");
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().contains(KmHeaders.CRYPTO_KEY_ID)).isFalse();
        assertThat(request.headers().get(KmHeaders.TRAN_TOKEN)).endsWith(":" + hmacBase64(SECRET, body));
    }

    @Test
    void everySubscriptionIsANewAttemptWithANewCorrelationId() throws Exception {
        responder.set(encrypted(200, SUCCESS_JSON));
        Mono<KonaResponse<VirtualAccount>> call = client(WireEnvelope.compact()).inquireVirtualAccount(CARD);

        String first = call.block(WAIT).correlationId();
        String second = call.block(WAIT).correlationId();

        assertThat(first).isNotEqualTo(second);
        assertThat(requests.poll(5, TimeUnit.SECONDS).headers().get(KmHeaders.CORRELATION_ID)).isEqualTo(first);
        assertThat(requests.poll(5, TimeUnit.SECONDS).headers().get(KmHeaders.CORRELATION_ID)).isEqualTo(second);
    }

    private void expectUnusable(UpstreamUnusableException.Kind kind) {
        StepVerifier.create(client(WireEnvelope.compact()).inquireVirtualAccount(CARD))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(UpstreamUnusableException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(kind);
                            assertThat(e.getMessage()).doesNotContain(PAN).doesNotContain(ACCOUNT_NO);
                            assertThat(CorrelationIds.isWellFormed(e.correlationId())).isTrue();
                        }))
                .verify(WAIT);
    }

    /** Answers with the JSON encrypted to the client key, echoing the correlation id. */
    private static Responder encrypted(int status, String json) {
        return (request, body, response) -> response.status(status)
                .header(KmHeaders.CORRELATION_ID, request.requestHeaders().get(KmHeaders.CORRELATION_ID))
                .header(KmHeaders.CRYPTO_KEY_ID, KID)
                .header("Content-Type", "application/jose")
                .sendString(Mono.just(vendorEncryptor.encrypt(bytes(json))));
    }

    private static Responder echoing(int status, String contentType, String body) {
        return (request, ignored, response) -> response.status(status)
                .header(KmHeaders.CORRELATION_ID, request.requestHeaders().get(KmHeaders.CORRELATION_ID))
                .header("Content-Type", contentType)
                .sendString(Mono.just(body));
    }

    private static KonaplateClient client(WireEnvelope envelope) {
        return client(baseUrl(), envelope, Duration.ofSeconds(3));
    }

    private static URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/open-api/");
    }

    private static KonaplateClient client(URI baseUrl, WireEnvelope envelope, Duration responseTimeout) {
        KonaplateClientSettings settings = new KonaplateClientSettings(baseUrl,
                new ApiCredentials(ASP_ID, ACCESS_KEY, SECRET), KID,
                new JweEncryptor((RSAPublicKey) serverKeys.getPublic(), KID, JweSettings.defaults()),
                JweDecryptor.single(KID, clientPrivateKey, JweSettings.defaults()),
                envelope, KonaTimeZone.KST, Duration.ofSeconds(2), responseTimeout);
        return new KonaplateClient(settings, HttpClient.create(), new TranClock(CLOCK, KonaTimeZone.KST),
                new CorrelationIdGenerator(CLOCK, KonaTimeZone.KST.zone(), 42), crypto);
    }

    /** Independent of the code under test: the JDK's Mac directly. */
    private static String hmacBase64(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The client's private key, recording which threads read its private exponent. The JDK reads it on every
     * RSA decryption with a key from another provider, so this shows where the private-key operation ran.
     */
    static final class ThreadRecordingKey implements RSAPrivateCrtKey {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        private final RSAPrivateCrtKey key;

        ThreadRecordingKey(RSAPrivateCrtKey key) {
            this.key = key;
        }

        @Override
        public BigInteger getPrivateExponent() {
            threads.add(Thread.currentThread().getName());
            return key.getPrivateExponent();
        }

        @Override
        public BigInteger getPublicExponent() {
            return key.getPublicExponent();
        }

        @Override
        public BigInteger getPrimeP() {
            return key.getPrimeP();
        }

        @Override
        public BigInteger getPrimeQ() {
            return key.getPrimeQ();
        }

        @Override
        public BigInteger getPrimeExponentP() {
            return key.getPrimeExponentP();
        }

        @Override
        public BigInteger getPrimeExponentQ() {
            return key.getPrimeExponentQ();
        }

        @Override
        public BigInteger getCrtCoefficient() {
            return key.getCrtCoefficient();
        }

        @Override
        public BigInteger getModulus() {
            return key.getModulus();
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return key.getParams();
        }

        @Override
        public String getAlgorithm() {
            return key.getAlgorithm();
        }

        @Override
        public String getFormat() {
            return key.getFormat();
        }

        @Override
        public byte[] getEncoded() {
            return key.getEncoded();
        }
    }
}
