package konagw.gateway.passthrough;

import java.util.Optional;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.jwe.JweException;
import konagw.gateway.upstream.FailureClass;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code KonaplateCrypto}: reads the caller's JSON body (bounded), encrypts it as a JWE to the vendor's server key
 * in the configured wire envelope ({@code encrypted=true}, the default) or sends it as is ({@code encrypted=false}),
 * and turns the answer back into plain JSON: a JWE answer (whatever the route's setting) is decrypted with the
 * client key on the crypto scheduler, never on the event loop. On an encrypted route only an error (4xx, 5xx) may
 * come plain (PROTOCOL.md §4): a plain 2xx body is {@code 900_003} and counts in {@code konagw.crypto.failures}.
 * Runs before {@link KonaplateHeadersGatewayFilterFactory}, which signs the bytes this filter leaves on the request.
 */
public class KonaplateCryptoGatewayFilterFactory
        extends AbstractGatewayFilterFactory<KonaplateCryptoGatewayFilterFactory.Config> {

    /** Before the headers filter (it signs the final body) and before NettyWriteResponseFilter (-1). */
    public static final int ORDER = -10;
    /** Upper bound on an upstream answer: the facade client's. */
    static final int MAX_RESPONSE_BYTES = KonaplateClient.MAX_RESPONSE_BYTES;
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final Supplier<KonaplateClientSettings> settings;
    private final PassthroughBodies bodies;
    private final Scheduler cryptoScheduler;

    public KonaplateCryptoGatewayFilterFactory(Supplier<KonaplateClientSettings> settings, int maxBodyBytes,
            Scheduler cryptoScheduler) {
        super(Config.class);
        this.settings = settings;
        this.bodies = new PassthroughBodies(maxBodyBytes);
        this.cryptoScheduler = cryptoScheduler;
    }

    @Override
    public GatewayFilter apply(Config config) {
        boolean encrypted = config.isEncrypted();
        return new OrderedGatewayFilter((exchange, chain) -> {
            KonaplateClientSettings s = settings.get();
            Mono<ServerWebExchange> prepared = bodies.readJson(exchange).flatMap(body -> encrypted
                    // RSA-OAEP padding draws from SecureRandom: off the event loop, like KonaplateClient
                    ? Mono.fromCallable(() -> s.envelope().wrap(s.encryptor().encrypt(body)))
                            .subscribeOn(cryptoScheduler)
                            .map(wire -> {
                                exchange.getAttributes().put(PassthroughAttributes.CRYPTO_KEY_ID, s.cryptoKeyId());
                                return PassthroughBodies.withBody(exchange, wire, s.envelope().contentType());
                            })
                    : Mono.just(PassthroughBodies.withBody(exchange, body, JSON)));
            return prepared.flatMap(ready -> chain.filter(
                    ready.mutate().response(new DecryptingResponse(ready.getResponse(), s, encrypted)).build()));
        }, ORDER);
    }

    /** Holds the whole answer (bounded), decrypts it when it is a JWE, writes plain JSON. */
    private final class DecryptingResponse extends ServerHttpResponseDecorator {

        private final KonaplateClientSettings settings;
        private final boolean encrypted;

        DecryptingResponse(ServerHttpResponse delegate, KonaplateClientSettings settings, boolean encrypted) {
            super(delegate);
            this.settings = settings;
            this.encrypted = encrypted;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return DataBufferUtils.join(Flux.from(body), MAX_RESPONSE_BYTES)
                    .map(PassthroughBodies::drain)
                    .defaultIfEmpty(PassthroughBodies.EMPTY)
                    .onErrorMap(DataBufferLimitException.class, e -> new UpstreamFailure(FailureClass.BAD_JSON,
                            "Upstream answer exceeds " + MAX_RESPONSE_BYTES + " bytes.", null, null, e))
                    .flatMap(this::open)
                    .flatMap(plain -> {
                        HttpHeaders headers = getDelegate().getHeaders();
                        headers.remove(KmHeaders.CRYPTO_KEY_ID);
                        headers.remove(HttpHeaders.TRANSFER_ENCODING);
                        headers.setContentLength(plain.length);
                        if (plain.length > 0) {
                            headers.set(HttpHeaders.CONTENT_TYPE, JSON);
                        }
                        return getDelegate().writeWith(Mono.just(bufferFactory().wrap(plain)));
                    });
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWith(Flux.from(body).flatMapSequential(p -> p));
        }

        private Mono<byte[]> open(byte[] answer) {
            Optional<String> jwe;
            try {
                jwe = settings.envelope().unwrap(answer);
            } catch (RuntimeException e) {
                jwe = Optional.empty();
            }
            if (jwe.isEmpty()) {
                HttpStatusCode status = getDelegate().getStatusCode();
                if (encrypted && answer.length > 0 && status != null && status.is2xxSuccessful()) {
                    // a success of an encrypted API in clear: a downgrade, never passed on as if it were sound
                    // counted in konagw.crypto.failures by the guard, which sees the cause
                    JweException plain = JweException.notEncrypted();
                    return Mono.error(new UpstreamFailure(FailureClass.BAD_JWE,
                            "Upstream answer JWE rejected: " + plain.kind() + ".", null, null, plain));
                }
                return Mono.just(answer);
            }
            String compact = jwe.get();
            return Mono.fromCallable(() -> settings.decryptor().decrypt(compact))
                    .subscribeOn(cryptoScheduler)
                    // counted in konagw.crypto.failures by the guard, which sees the cause
                    .onErrorMap(JweException.class, e -> new UpstreamFailure(FailureClass.BAD_JWE,
                            "Upstream answer JWE rejected: " + e.kind() + ".", null, null, e));
        }
    }

    public static class Config {

        private boolean encrypted = true;

        public boolean isEncrypted() {
            return encrypted;
        }

        public Config setEncrypted(boolean encrypted) {
            this.encrypted = encrypted;
            return this;
        }
    }
}
