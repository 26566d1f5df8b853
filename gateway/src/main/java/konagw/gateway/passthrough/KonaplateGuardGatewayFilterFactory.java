package konagw.gateway.passthrough;

import java.time.Duration;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;

import konagw.gateway.upstream.UpstreamGuard;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.publisher.Mono;

/**
 * {@code KonaplateGuard}: the route's exchange, body written included (it runs before NettyWriteResponseFilter),
 * under the {@link UpstreamGuard} with the route's {@link UpstreamPolicy#passthrough passthrough policy}: breaker,
 * time limiter, upstream quota — and deliberately no retry: a passthrough request may be a charge or a
 * registration, which must never reach the vendor twice. Failures leave as one {@code UpstreamFailure}, rendered by
 * {@link PassthroughExceptionHandler}.
 * <p>{@code circuitBreaker} names the breaker and time limiter instance (default
 * {@value UpstreamPolicy#PASSTHROUGH_INSTANCE}); {@code timeout}, when set, derives a time limiter
 * {@code <instance>-<routeId>} with that timeout from the instance's configuration.
 */
public class KonaplateGuardGatewayFilterFactory
        extends AbstractGatewayFilterFactory<KonaplateGuardGatewayFilterFactory.Config> {

    /** After the body is prepared and signed (a caller's 413 is no upstream failure), before the response write. */
    public static final int ORDER = -8;

    private final UpstreamGuard guard;

    public KonaplateGuardGatewayFilterFactory(UpstreamGuard guard) {
        super(Config.class);
        this.guard = guard;
    }

    @Override
    public GatewayFilter apply(Config config) {
        UpstreamPolicy policy = UpstreamPolicy.passthrough(config.getRouteId() != null ? config.getRouteId() : "unknown",
                config.getCircuitBreaker(), config.getTimeout());
        guard.prepare(policy); // a misconfigured breaker refuses startup, not the first request
        return new OrderedGatewayFilter((exchange, chain) -> {
            String correlationId = exchange.getAttribute(PassthroughAttributes.CORRELATION_ID);
            Mono<Void> guarded = Mono.defer(() -> chain.filter(exchange)).transform(guard.of(policy));
            return correlationId == null ? guarded
                    : guarded.contextWrite(context -> context.put(UpstreamGuard.CORRELATION_ID, correlationId));
        }, ORDER);
    }

    public static class Config implements HasRouteId {

        private String routeId;
        private String circuitBreaker = UpstreamPolicy.PASSTHROUGH_INSTANCE;
        private Duration timeout;

        @Override
        public String getRouteId() {
            return routeId;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        public String getCircuitBreaker() {
            return circuitBreaker;
        }

        public Config setCircuitBreaker(String circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public Config setTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }
    }
}
