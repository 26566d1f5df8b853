package konagw.gateway.passthrough;

import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.client.KonaplateClientSettings;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.correlation.CorrelationIdUnavailableException;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.TranClock;
import konagw.core.time.TranTime;
import konagw.core.token.TranTokenSigner;
import konagw.gateway.upstream.FailureClass;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.gateway.upstream.UpstreamFailures;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code KonaplateHeaders}: the vendor's common headers (PROTOCOL.md §2) and the tran token over the body exactly
 * as it goes upstream, i.e. after {@link KonaplateCryptoGatewayFilterFactory}. The upstream request carries only an
 * allow-list of headers ({@code Accept}, {@code Content-Type}, {@code Content-Length} and {@code X-KM-*} set here):
 * the caller's {@code X-Api-Key}, {@code Authorization}, cookies, mesh identity and forwarding headers never leave.
 * <p>On the way back it checks the answer before anything is written: a 5xx fails ({@code 900_001}), a success
 * that does not echo our correlation id is unusable ({@code 900_003}); the caller's answer carries
 * {@code X-KM-Correlation-Id}.
 */
public class KonaplateHeadersGatewayFilterFactory
        extends AbstractGatewayFilterFactory<KonaplateHeadersGatewayFilterFactory.Config> {

    /** After the crypto filter, before the guard and NettyWriteResponseFilter (-1). */
    public static final int ORDER = -9;
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final Supplier<KonaplateClientSettings> settings;
    private final CorrelationIdGenerator correlationIds;
    private final TranClock clock;
    private final PassthroughBodies bodies;
    private volatile SignerHolder signer;

    public KonaplateHeadersGatewayFilterFactory(Supplier<KonaplateClientSettings> settings,
            CorrelationIdGenerator correlationIds, TranClock clock, int maxBodyBytes) {
        super(Config.class);
        this.settings = settings;
        this.correlationIds = correlationIds;
        this.clock = clock;
        this.bodies = new PassthroughBodies(maxBodyBytes);
    }

    @Override
    public GatewayFilter apply(Config config) {
        return new OrderedGatewayFilter((exchange, chain) -> upstreamBody(exchange).flatMap(ready -> {
            KonaplateClientSettings s = settings.get();
            byte[] body = ready.getAttribute(PassthroughAttributes.UPSTREAM_BODY);
            String cryptoKeyId = ready.getAttribute(PassthroughAttributes.CRYPTO_KEY_ID);
            String correlationId;
            try {
                correlationId = correlationIds.next();
            } catch (CorrelationIdUnavailableException e) {
                // never sent under an id another instance may hold, nor parked for one on the event loop
                return Mono.error(UpstreamFailures.classify(e, null));
            }
            TranTime time = clock.now();
            String token = signer(s).sign(time.tokenTime(), body);
            ready.getAttributes().put(PassthroughAttributes.CORRELATION_ID, correlationId);

            HttpHeaders upstream = new HttpHeaders();
            upstream.set(HttpHeaders.ACCEPT, JSON);
            String contentType = ready.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
            upstream.set(HttpHeaders.CONTENT_TYPE, contentType != null ? contentType : JSON);
            upstream.setContentLength(body.length);
            upstream.set(KmHeaders.USER_ASP_ID, s.credentials().aspId());
            upstream.set(KmHeaders.CORRELATION_ID, correlationId);
            upstream.set(KmHeaders.ACCESS_KEY, s.credentials().accessKey());
            upstream.set(KmHeaders.TRAN_TOKEN, token);
            upstream.set(KmHeaders.TRAN_TIME, time.tranTime());
            upstream.set(KmHeaders.TIME_ZONE, s.timeZone().code());
            if (cryptoKeyId != null) {
                upstream.set(KmHeaders.CRYPTO_KEY_ID, cryptoKeyId);
            }
            ServerHttpRequest request = new ServerHttpRequestDecorator(ready.getRequest()) {
                @Override
                public HttpHeaders getHeaders() {
                    return upstream;
                }
            };
            ServerHttpResponse response = new CheckingResponse(ready.getResponse(), correlationId);
            return chain.filter(ready.mutate().request(request).response(response).build());
        }), ORDER);
    }

    /** The body the crypto filter left, or (on a route without it) the caller's JSON as is. */
    private Mono<ServerWebExchange> upstreamBody(ServerWebExchange exchange) {
        if (exchange.getAttribute(PassthroughAttributes.UPSTREAM_BODY) != null) {
            return Mono.just(exchange);
        }
        return bodies.readJson(exchange).map(body -> PassthroughBodies.withBody(exchange, body, JSON));
    }

    private TranTokenSigner signer(KonaplateClientSettings s) {
        SignerHolder current = signer;
        if (current == null || !current.secret().equals(s.credentials().secretKey())) {
            current = new SignerHolder(s.credentials().secretKey(), new TranTokenSigner(s.credentials().secretKey()));
            signer = current;
        }
        return current.signer();
    }

    private record SignerHolder(String secret, TranTokenSigner signer) {
    }

    /** Refuses a 5xx and a success that is not the answer to our request before a byte goes to the caller. */
    private static final class CheckingResponse extends ServerHttpResponseDecorator {

        private final String correlationId;

        CheckingResponse(ServerHttpResponse delegate, String correlationId) {
            super(delegate);
            this.correlationId = correlationId;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            HttpStatusCode status = getDelegate().getStatusCode();
            int code = status == null ? 0 : status.value();
            String echoed = getDelegate().getHeaders().getFirst(KmHeaders.CORRELATION_ID);
            UpstreamFailure refused = null;
            if (code >= 500) {
                refused = new UpstreamFailure(FailureClass.SERVER_ERROR, "Upstream answered HTTP " + code + ".", null,
                        correlationId, null);
            } else if (code < 200 || (code < 400 && code >= 300)) {
                refused = new UpstreamFailure(FailureClass.BAD_JSON, "Unexpected upstream HTTP status " + code + ".",
                        null, correlationId, null);
            } else if (code < 300 ? !correlationId.equals(echoed) : echoed != null && !correlationId.equals(echoed)) {
                refused = new UpstreamFailure(FailureClass.CORRELATION_MISMATCH, echoed == null
                        ? "Upstream answer lacks the X-KM-Correlation-Id echo."
                        : "Upstream answer echoes a different X-KM-Correlation-Id.", null, correlationId, null);
            }
            if (refused != null) {
                UpstreamFailure failure = refused;
                return Flux.from(body).doOnNext(DataBufferUtils::release).then(Mono.error(failure));
            }
            getDelegate().getHeaders().set(KmHeaders.CORRELATION_ID, correlationId);
            return getDelegate().writeWith(body);
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWith(Flux.from(body).flatMapSequential(p -> p));
        }
    }

    public static class Config {
    }
}
