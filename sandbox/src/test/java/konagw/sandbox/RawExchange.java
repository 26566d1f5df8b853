package konagw.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranTime;
import konagw.core.token.TranTokenSigner;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Crafts raw requests the way a correct client would (adapter-core's signer and encryptor), so that a test can then
 * tamper with exactly one thing, and sends them with a bare Reactor Netty client.
 */
final class RawExchange {

    static final KonaTimeZone KST = KonaTimeZone.of("KST");
    private static final HttpClient HTTP = HttpClient.create().responseTimeout(Duration.ofSeconds(10));

    /** A mutable request. */
    static final class RawRequest {
        String method = "POST";
        String path;
        final HttpHeaders headers = new DefaultHttpHeaders();
        byte[] body;
        String plaintext;

        RawRequest header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.set(name, value);
            }
            return this;
        }
    }

    record RawResponse(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SandboxServer server;
    private final SandboxSettings settings;
    private final RSAPublicKey serverPublic;
    private final CorrelationIdGenerator ids;

    RawExchange(SandboxServer server) {
        this.server = server;
        this.settings = server.settings();
        this.serverPublic = (RSAPublicKey) server.keys().serverCertificate().getPublicKey();
        this.ids = TestClients.ids();
    }

    JweEncryptor encryptor() {
        return new JweEncryptor(serverPublic, settings.cryptoKeyId(), settings.jwe());
    }

    RSAPublicKey serverPublicKey() {
        return serverPublic;
    }

    String nextCorrelationId() {
        return ids.next();
    }

    /** A correct encrypted request of {@code json} to {@code path}, made now. */
    RawRequest encrypted(String path, String json) {
        return encrypted(path, json, encryptor(), Instant.now());
    }

    RawRequest encrypted(String path, String json, JweEncryptor encryptor, Instant at) {
        WireEnvelope envelope = settings.envelope();
        RawRequest r = base(path, at);
        r.plaintext = json;
        r.body = envelope.wrap(encryptor.encrypt(json.getBytes(StandardCharsets.UTF_8)));
        r.header("Content-Type", envelope.contentType());
        r.header(KmHeaders.CRYPTO_KEY_ID, settings.cryptoKeyId());
        return sign(r, settings.credentials().secretKey(), at);
    }

    /** A correct plain (unencrypted) request. */
    RawRequest plain(String path, String json) {
        Instant at = Instant.now();
        RawRequest r = base(path, at);
        r.plaintext = json;
        r.body = json.getBytes(StandardCharsets.UTF_8);
        r.header("Content-Type", "application/json");
        return sign(r, settings.credentials().secretKey(), at);
    }

    private RawRequest base(String path, Instant at) {
        RawRequest r = new RawRequest();
        r.path = path;
        TranTime t = TranTime.of(at, KST.zone());
        r.header("Accept", "application/json");
        r.header(KmHeaders.USER_ASP_ID, settings.credentials().aspId());
        r.header(KmHeaders.ACCESS_KEY, settings.credentials().accessKey());
        r.header(KmHeaders.CORRELATION_ID, ids.next());
        r.header(KmHeaders.TRAN_TIME, t.tranTime());
        r.header(KmHeaders.TIME_ZONE, "KST");
        return r;
    }

    /** (Re-)signs the current body with {@code secret} at {@code at}, also setting X-KM-Tran-Time. */
    static RawRequest sign(RawRequest r, String secret, Instant at) {
        TranTime t = TranTime.of(at, KST.zone());
        r.header(KmHeaders.TRAN_TIME, t.tranTime());
        r.header(KmHeaders.TRAN_TOKEN, new TranTokenSigner(secret).sign(t.tokenTime(), r.body));
        return r;
    }

    Mono<RawResponse> send(RawRequest r) {
        return send(server.baseUrl(), r);
    }

    static Mono<RawResponse> send(URI base, RawRequest r) {
        HttpClient.RequestSender sender = HTTP.headers(h -> h.set(r.headers))
                .request(HttpMethod.valueOf(r.method))
                .uri(base + r.path);
        HttpClient.ResponseReceiver<?> receiver = r.body == null || r.body.length == 0 ? sender
                : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(r.body)));
        return receiver.responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                .map(b -> new RawResponse(res.status().code(), res.responseHeaders(), b)));
    }

    RawResponse exchange(RawRequest r) {
        return send(r).block(Duration.ofSeconds(15));
    }
}
