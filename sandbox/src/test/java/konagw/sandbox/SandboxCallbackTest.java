package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpHeaders;
import konagw.core.headers.SignedHeadersException;
import konagw.core.headers.SignedHeadersVerifier;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweException;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /_sandbox/callback: callbacks as the vendor sends them, checked here with adapter-core's verifier. */
class SandboxCallbackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EVENT = "{\"eventType\":\"PAYMENT_DONE\",\"amount\":1200}";

    record Received(HttpHeaders headers, byte[] body) {
    }

    private static SandboxServer sandbox;
    private static DisposableServer affiliate;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static SignedHeadersVerifier verifier;
    private static JweDecryptor clientKey;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxSettings.builder().build());
        affiliate = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            received.add(new Received(request.requestHeaders().copy(), body));
                            return response.status(200).header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"code\":\"000_000\",\"message\":\"Success.\"}")).then();
                        }))
                .bindNow();
        var settings = sandbox.settings();
        verifier = new SignedHeadersVerifier(settings.credentials().aspId(), null, settings.credentials().secretKey(),
                settings.skew(), Clock.systemUTC(), "the test clock");
        clientKey = JweDecryptor.single(settings.cryptoKeyId(), settings.clientPrivateKey(), settings.jwe());
    }

    @AfterAll
    static void stop() {
        affiliate.disposeNow();
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        received.clear();
    }

    private static JsonNode send(String fault) {
        String request = "{\"url\":\"http://127.0.0.1:" + affiliate.port() + "\",\"path\":\"/cb\",\"body\":" + EVENT
                + (fault == null ? "" : ",\"fault\":\"" + fault + "\"") + "}";
        String answer = HttpClient.create().post().uri(sandbox.baseUrl() + "/_sandbox/callback")
                .send(ByteBufFlux.fromString(Mono.just(request)))
                .responseSingle((res, b) -> b.asString(StandardCharsets.UTF_8)
                        .map(s -> res.status().code() + " " + s))
                .block(Duration.ofSeconds(15));
        assertThat(answer).startsWith("200 ");
        return JSON.readTree(answer.substring(4));
    }

    @Test
    void aCallbackIsSignedEncryptedUnderTheFirstKeyIdAndCarriesNoAccessKey() {
        JsonNode result = send(null);

        assertThat(result.path("status").asInt()).isEqualTo(200);
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(verifier.verify(r.headers()::getAll, r.body()).correlationId())
                .isEqualTo(result.path("correlationId").asString());
        assertThat(r.headers().contains(KmHeaders.ACCESS_KEY)).isFalse();
        assertThat(r.headers().get(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(sandbox.settings().cryptoKeyId());
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/jose");
        byte[] plaintext = clientKey.decrypt(new String(r.body(), StandardCharsets.US_ASCII));
        assertThat(JSON.readTree(plaintext)).isEqualTo(JSON.readTree(EVENT));
    }

    @Test
    void eachFaultBreaksWhatItNames() {
        assertRejected("bad-token", SignedHeadersException.Reason.SIGNATURE);
        assertRejected("token-over-other-body", SignedHeadersException.Reason.SIGNATURE);
        assertRejected("time-outside-window", SignedHeadersException.Reason.WINDOW);
        assertRejected("wrong-asp-id", SignedHeadersException.Reason.ASP_ID);

        send("unknown-kid");
        Received unknown = received.get(received.size() - 1);
        verifier.verify(unknown.headers()::getAll, unknown.body());
        assertThatThrownBy(() -> clientKey.decrypt(new String(unknown.body(), StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(JweException.class,
                        e -> assertThat(e.kind()).isEqualTo(JweException.Kind.UNKNOWN_KEY_ID));

        send("tampered-jwe");
        Received tampered = received.get(received.size() - 1);
        verifier.verify(tampered.headers()::getAll, tampered.body());
        assertThatThrownBy(() -> clientKey.decrypt(new String(tampered.body(), StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(JweException.class,
                        e -> assertThat(e.kind()).isEqualTo(JweException.Kind.DECRYPTION_FAILED));
    }

    @Test
    void aReplayIsThePreviousCallbackByteForByte() {
        send(null);
        JsonNode replay = send("replayed-correlation-id");
        assertThat(received).hasSize(2);
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        assertThat(received.get(1).headers().get(KmHeaders.CORRELATION_ID))
                .isEqualTo(received.get(0).headers().get(KmHeaders.CORRELATION_ID))
                .isEqualTo(replay.path("correlationId").asString());
    }

    private static void assertRejected(String fault, SignedHeadersException.Reason reason) {
        send(fault);
        Received r = received.get(received.size() - 1);
        assertThatThrownBy(() -> verifier.verify(r.headers()::getAll, r.body()))
                .isInstanceOfSatisfying(SignedHeadersException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
