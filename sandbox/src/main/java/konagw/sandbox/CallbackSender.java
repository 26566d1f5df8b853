package konagw.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweException;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranTime;
import konagw.core.token.TranTokenSigner;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Calls an affiliate back the way the vendor does (PROTOCOL.md §6): the common headers without
 * {@code X-KM-Access-Key}, the body signed with the project's secret and, when encrypted, a JWE to the client key
 * under the first key id issued. On request one {@link CallbackFault} is built in.
 */
final class CallbackSender {

    /** What the affiliate answered. {@code plaintext} is the decrypted body when it answered with a JWE. */
    record Result(int status, String correlationId, String body, String plaintext) {
    }

    /** One prepared delivery, kept so that it can be replayed byte for byte. */
    private record Delivery(URI url, Map<String, String> headers, byte[] body, String correlationId) {
        /** The same delivery to another URL (a second replica of the affiliate). */
        Delivery to(URI other) {
            return new Delivery(other, headers, body, correlationId);
        }
    }

    private final SandboxSettings settings;
    private final Map<String, JweEncryptor> clientKeys;
    private final JweDecryptor serverKey;
    private final TranTokenSigner signer;
    private final TranTokenSigner otherSigner = new TranTokenSigner("not-the-project-secret");
    private final Clock clock;
    private final Scheduler crypto;
    private final HttpClient http;
    private final AtomicReference<Delivery> last = new AtomicReference<>();

    /** @param clientKeys an encryptor to the client key of each crypto key id, the first issued first */
    CallbackSender(SandboxSettings settings, Map<String, JweEncryptor> clientKeys, JweDecryptor serverKey, Clock clock,
                   Scheduler crypto, HttpClient http) {
        this.settings = settings;
        this.clientKeys = Map.copyOf(clientKeys);
        this.serverKey = serverKey;
        this.signer = new TranTokenSigner(settings.credentials().secretKey());
        this.clock = clock;
        this.crypto = crypto;
        this.http = http;
    }

    /**
     * @param url       the affiliate's callback URL (base and path joined)
     * @param json      the plaintext JSON body
     * @param encrypted send the body as a JWE
     * @param keyId     the crypto key id to encrypt under; null: the first issued, as the vendor does
     */
    Mono<Result> send(URI url, String json, boolean encrypted, String keyId, CallbackFault fault) {
        Objects.requireNonNull(url, "url");
        JweEncryptor encryptor = clientKeys.get(keyId == null ? settings.cryptoKeyId() : keyId);
        if (encryptor == null) {
            return Mono.error(new IllegalArgumentException("the sandbox holds no client key for that key id"));
        }
        Mono<Delivery> delivery = fault == CallbackFault.REPLAYED_CORRELATION_ID
                ? Mono.justOrEmpty(last.get()).map(previous -> previous.to(url)).switchIfEmpty(Mono.error(
                        new IllegalStateException("nothing to replay: no callback was sent before")))
                : Mono.fromCallable(() -> prepare(url, json.getBytes(StandardCharsets.UTF_8), encrypted, encryptor,
                                fault))
                        .subscribeOn(crypto);
        return delivery.flatMap(d -> {
            last.set(d);
            return http.headers(h -> d.headers().forEach(h::set))
                    .post().uri(d.url())
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(d.body())))
                    .responseSingle((response, bytes) -> bytes.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                            .map(body -> new Result(response.status().code(), d.correlationId(), body,
                                    decrypted(body))));
        });
    }

    private Delivery prepare(URI url, byte[] plaintext, boolean encrypted, JweEncryptor keyEncryptor,
                             CallbackFault fault) {
        Instant at = fault == CallbackFault.TIME_OUTSIDE_WINDOW
                ? clock.instant().minus(settings.skew().multipliedBy(2)) : clock.instant();
        KonaTimeZone zone = KonaTimeZone.KST;
        TranTime time = TranTime.of(at, zone.zone());
        String correlationId = time.tranTime().substring(2) + "-" + String.format("%07x",
                ThreadLocalRandom.current().nextInt(1 << 28));
        WireEnvelope envelope = settings.envelope();
        String keyId = null;
        byte[] body = plaintext;
        if (encrypted) {
            JweEncryptor encryptor = keyEncryptor;
            if (fault == CallbackFault.UNKNOWN_KID) {
                encryptor = new JweEncryptor(settings.clientPublicKey(), SandboxSettings.Builder.randomHex(16),
                        settings.jwe(), settings.provider());
            }
            String compact = encryptor.encrypt(plaintext);
            if (fault == CallbackFault.TAMPERED_JWE) {
                compact = tamper(compact);
            }
            keyId = encryptor.keyId();
            body = envelope.wrap(compact);
        }
        byte[] signed = fault == CallbackFault.TOKEN_OVER_OTHER_BODY ? (new String(body, StandardCharsets.UTF_8) + " ")
                .getBytes(StandardCharsets.UTF_8) : body;
        String token = (fault == CallbackFault.BAD_TOKEN ? otherSigner : signer).sign(time.tokenTime(), signed);
        String aspId = settings.credentials().aspId();
        if (fault == CallbackFault.WRONG_ASP_ID) {
            aspId = aspId.equals("KONAGWOTHERASP1") ? "KONAGWOTHERASP2" : "KONAGWOTHERASP1";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaderNames.CONTENT_TYPE.toString(), encrypted ? envelope.contentType() : "application/json");
        headers.put(HttpHeaderNames.ACCEPT.toString(), "application/json");
        headers.put(KmHeaders.USER_ASP_ID, aspId);
        headers.put(KmHeaders.CORRELATION_ID, correlationId);
        if (keyId != null) {
            headers.put(KmHeaders.CRYPTO_KEY_ID, keyId);
        }
        headers.put(KmHeaders.TRAN_TIME, time.tranTime());
        headers.put(KmHeaders.TIME_ZONE, zone.code());
        headers.put(KmHeaders.TRAN_TOKEN, token);
        return new Delivery(url, Map.copyOf(headers), body, correlationId);
    }

    /** Changes one character in the middle of the ciphertext (the fourth part): the AES-GCM tag then fails. */
    private static String tamper(String compact) {
        int start = compact.indexOf('.', compact.indexOf('.', compact.indexOf('.') + 1) + 1) + 1;
        int end = compact.indexOf('.', start);
        int at = start + (end - start) / 2;
        char c = compact.charAt(at);
        return compact.substring(0, at) + (c == 'A' ? 'B' : 'A') + compact.substring(at + 1);
    }

    /** The plaintext of a JWE answer (encrypted to the vendor's server key), or null for a plain one. */
    private String decrypted(String body) {
        if (body.isEmpty() || body.startsWith("{") && !(settings.envelope() instanceof WireEnvelope.JsonField)) {
            return null;
        }
        try {
            Optional<String> compact = settings.envelope().unwrap(body.getBytes(StandardCharsets.UTF_8));
            return compact.map(c -> new String(serverKey.decrypt(c), StandardCharsets.UTF_8)).orElse(null);
        } catch (JweException | IllegalArgumentException e) {
            return null;
        }
    }
}
