package konagw.gateway.callbacks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import konagw.core.client.CryptoKeys;
import konagw.core.client.KonaplateClient;
import konagw.core.correlation.CorrelationIds;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import konagw.core.protocol.KonaCode;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The callback listener's only handler: an exact path names a route; the body (bounded), the signed headers and the
 * JWE are verified, the correlation id is claimed against replay, and only then is the plaintext forwarded. A failed
 * check answers 400 {@code 000_002} in the vendor's style; the internal service down, slow or its breaker open answers
 * 503 (the vendor delivers again, so the replay claim is given back). Any other path is 404: nothing else of the
 * gateway is reachable here.
 */
final class CallbackHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(CallbackHandler.class);
    static final String REPLAY_KEY_PREFIX = "konagw:cb:v1:";
    private static final String JSON = "application/json";
    private static final byte[] INVALID = json("000_002", "Invalid input parameter.");
    private static final byte[] UNAVAILABLE = json("900_001", "Service unavailable, deliver again later.");
    private static final byte[] NOT_FOUND = json("000_002", "Unknown callback path.");
    private static final byte[] SUCCESS = json(KonaCode.SUCCESS.code(), KonaCode.SUCCESS.message());

    /** What goes back to the vendor. */
    private record Reply(int status, byte[] body, String contentType, String cryptoKeyId) {
        static Reply json(int status, byte[] body) {
            return new Reply(status, body, JSON, null);
        }
    }

    private final Map<String, CallbackRoute> routesByPath;
    private final CallbackVerifier verifier;
    private final ReplayGuard replay;
    private final CallbackForwarder forwarder;
    private final KonaplateClient client;
    private final CallbackMetrics metrics;
    private final JsonMapper json;
    private final int maxBody;

    CallbackHandler(Map<String, CallbackRoute> routesByPath, CallbackVerifier verifier, ReplayGuard replay,
            CallbackForwarder forwarder, KonaplateClient client, CallbackMetrics metrics, JsonMapper json,
            int maxBody) {
        this.routesByPath = Map.copyOf(routesByPath);
        this.verifier = verifier;
        this.replay = replay;
        this.forwarder = forwarder;
        this.client = client;
        this.metrics = metrics;
        this.json = json;
        this.maxBody = maxBody;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        CallbackRoute route;
        try {
            route = routesByPath.get(request.fullPath());
        } catch (RuntimeException e) {
            route = null;
        }
        if (route == null) {
            return write(response, Reply.json(404, NOT_FOUND), null);
        }
        String sentId = printableCorrelationId(request.requestHeaders().get(KmHeaders.CORRELATION_ID));
        CallbackRoute r = route;
        Mono<Reply> reply = !HttpMethod.POST.equals(request.method())
                ? Mono.error(new CallbackRejected("method", "method: " + request.method().name() + ", expected POST"))
                : BoundedBody.read(request, maxBody)
                        .flatMap(body -> verifier.verify(r, request.requestHeaders(), body))
                        .flatMap(callback -> claimAndForward(r, callback));
        return reply
                .onErrorResume(CallbackRejected.class, e -> Mono.fromSupplier(() -> rejected(r, sentId, e)))
                .onErrorResume(e -> !(e instanceof CallbackRejected), e -> Mono.fromSupplier(() -> {
                    // the class only: a message might quote what it failed on
                    log.error("callback route={} correlationId={}: unexpected failure {}", r.id(), sentId,
                            e.getClass().getName());
                    return Reply.json(503, UNAVAILABLE);
                }))
                .flatMap(answer -> write(response, answer, sentId));
    }

    private Mono<Reply> claimAndForward(CallbackRoute route, VerifiedCallback callback) {
        String key = REPLAY_KEY_PREFIX + route.id() + ":" + callback.correlationId().toLowerCase(Locale.ROOT);
        return replay.claim(key)
                .onErrorMap(e -> new ForwardFailed("replay_guard_unavailable",
                        "the replay guard (" + replay.kind() + ") failed: " + e.getClass().getSimpleName()))
                .flatMap(first -> {
                    if (!first) {
                        return Mono.error(new CallbackRejected("replay",
                                KmHeaders.CORRELATION_ID + ": already accepted within the replay window"));
                    }
                    long start = System.nanoTime();
                    return forwarder.forward(route, callback)
                            .map(answer -> relay(route, answer))
                            .doOnNext(relayed -> metrics.forwarded(route.id(), "relayed", since(start)))
                            .onErrorResume(ForwardFailed.class, failure -> {
                                metrics.forwarded(route.id(), failure.outcome(), since(start));
                                // the vendor delivers again after a 503: that delivery must not count as a replay
                                return replay.release(key).onErrorComplete()
                                        .then(Mono.<Reply>error(failure));
                            });
                })
                .onErrorResume(ForwardFailed.class, failure -> {
                    log.warn("callback route={} correlationId={} not delivered ({}): {}; answered 503", route.id(),
                            callback.correlationId(), failure.outcome(), failure.getMessage());
                    return Mono.just(Reply.json(503, UNAVAILABLE));
                });
    }

    /** The internal service's status and JSON body, encrypted to the vendor's server key if the route says so. */
    private Reply relay(CallbackRoute route, CallbackForwarder.Answer answer) {
        byte[] body = answer.body().length == 0 && answer.status() < 300 ? SUCCESS : answer.body();
        try {
            json.readTree(body);
        } catch (JacksonException e) {
            throw new ForwardFailed("internal_error", "the internal service answered " + answer.status()
                    + " without a JSON body");
        }
        if (!route.spec().encryptResponse()) {
            return Reply.json(answer.status(), body);
        }
        CryptoKeys keys = client.crypto();
        WireEnvelope envelope = client.settings().envelope();
        return new Reply(answer.status(), envelope.wrap(keys.encryptor().encrypt(body)), envelope.contentType(),
                keys.cryptoKeyId());
    }

    private Reply rejected(CallbackRoute route, String correlationId, CallbackRejected e) {
        metrics.rejected(route.id(), e.reason());
        // one line, the reason only: never the body, a card number, a token or a key
        log.warn("callback route={} correlationId={} refused ({}): {}", route.id(), correlationId, e.reason(),
                e.getMessage());
        return Reply.json(400, INVALID);
    }

    private static Mono<Void> write(HttpServerResponse response, Reply reply, String correlationId) {
        response.status(reply.status()).header(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        if (correlationId != null) {
            response.header(KmHeaders.CORRELATION_ID, correlationId);
        }
        if (reply.cryptoKeyId() != null) {
            response.header(KmHeaders.CRYPTO_KEY_ID, reply.cryptoKeyId());
        }
        return response.sendByteArray(Mono.just(reply.body())).then();
    }

    /** The id as sent if it is well-formed (it is echoed and logged), else nothing. */
    private static String printableCorrelationId(String sent) {
        return sent != null && CorrelationIds.isWellFormed(sent) ? sent : null;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static byte[] json(String code, String message) {
        return ("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
