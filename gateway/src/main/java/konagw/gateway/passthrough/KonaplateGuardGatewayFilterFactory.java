package konagw.gateway.passthrough;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.protocol.KonaCode;
import konagw.gateway.timeout.TimeLimits;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code KonaplateGuard}: a Resilience4j circuit breaker around a time limiter around the upstream exchange,
 * body written included (it runs before NettyWriteResponseFilter). Deliberately no retry: a passthrough request may
 * be a charge or a registration, which must never reach the vendor twice. Every failure leaves as a
 * {@link PassthroughFailure}: circuit open or upstream unreachable or 5xx → {@code 900_001} (503, Retry-After),
 * timeout → {@code 900_002} (504), unusable answer → {@code 900_003} (502).
 * <p>The breaker and time limiter are registry instances: {@code circuitBreaker} names both (default
 * {@value #DEFAULT_INSTANCE}); {@code timeout}, when set, derives a time limiter {@code <instance>-<routeId>} with
 * that timeout from the instance's configuration.
 */
public class KonaplateGuardGatewayFilterFactory
        extends AbstractGatewayFilterFactory<KonaplateGuardGatewayFilterFactory.Config> {

    public static final String DEFAULT_INSTANCE = "konaplate-passthrough";
    /** After the body is prepared and signed (a caller's 413 is no upstream failure), before the response write. */
    public static final int ORDER = -8;
    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(KonaplateGuardGatewayFilterFactory.class);

    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry timeLimiters;
    private final MeterRegistry meters;
    private final Scheduler timeouts;

    public KonaplateGuardGatewayFilterFactory(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters,
            MeterRegistry meters, Scheduler timeouts) {
        super(Config.class);
        this.breakers = breakers;
        this.timeLimiters = timeLimiters;
        this.meters = meters;
        this.timeouts = timeouts;
    }

    @Override
    public GatewayFilter apply(Config config) {
        String instance = config.getCircuitBreaker() == null || config.getCircuitBreaker().isBlank()
                ? DEFAULT_INSTANCE : config.getCircuitBreaker();
        CircuitBreaker breaker = breakers.circuitBreaker(instance);
        TimeLimiter timeLimiter = timeLimiter(instance, config);
        return new OrderedGatewayFilter((exchange, chain) -> Mono.defer(() -> chain.filter(exchange))
                .transformDeferred(TimeLimits.of(timeLimiter, timeouts))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(failure -> classify(failure, exchange, breaker)), ORDER);
    }

    private TimeLimiter timeLimiter(String instance, Config config) {
        if (config.getTimeout() == null) {
            return timeLimiters.timeLimiter(instance);
        }
        String name = instance + "-" + (config.getRouteId() != null ? config.getRouteId() : config.getTimeout());
        TimeLimiterConfig base = timeLimiters.timeLimiter(instance).getTimeLimiterConfig();
        return timeLimiters.timeLimiter(name, TimeLimiterConfig.from(base).timeoutDuration(config.getTimeout()).build());
    }

    private PassthroughFailure classify(Throwable failure, ServerWebExchange exchange, CircuitBreaker breaker) {
        String correlationId = exchange.getAttribute(PassthroughAttributes.CORRELATION_ID);
        PassthroughFailure classified;
        String metricClass;
        if (failure instanceof PassthroughFailure already) {
            return already;
        } else if (failure instanceof CallNotPermittedException) {
            long waitMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
            classified = new PassthroughFailure(KonaCode.UPSTREAM_UNAVAILABLE, "Circuit open: upstream is failing.",
                    waitMillis > 0 ? Duration.ofMillis(waitMillis) : BUSY_RETRY_AFTER, null, failure);
            metricClass = "circuit_open";
        } else if (failure instanceof TimeoutException || failure instanceof ResponseStatusException rse
                && rse.getStatusCode().value() == 504) {
            classified = new PassthroughFailure(KonaCode.UPSTREAM_TIMEOUT, "Upstream did not answer in time.", null,
                    correlationId, failure);
            metricClass = "timeout";
        } else if (failure instanceof UpstreamAnswerException answer) {
            classified = new PassthroughFailure(answer.code(), answer.getMessage(),
                    answer.code() == KonaCode.UPSTREAM_UNAVAILABLE ? BUSY_RETRY_AFTER : null, correlationId, failure);
            metricClass = answer.code() == KonaCode.UPSTREAM_UNAVAILABLE ? "server_error" : "unusable";
        } else if (failure instanceof ConnectException || failure instanceof IOException) {
            classified = new PassthroughFailure(KonaCode.UPSTREAM_UNAVAILABLE, "Upstream connection failed.",
                    BUSY_RETRY_AFTER, correlationId, failure);
            metricClass = failure instanceof ConnectException ? "connect" : "io";
        } else {
            classified = new PassthroughFailure(KonaCode.UPSTREAM_UNAVAILABLE, "Upstream call failed.",
                    BUSY_RETRY_AFTER, correlationId, failure);
            metricClass = "other";
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route != null ? route.getId() : "unknown";
        meters.counter("konagw.passthrough.errors", "route", routeId, "class", metricClass).increment();
        if ("other".equals(metricClass)) {
            log.error("passthrough failed unexpectedly: route={} correlationId={}", routeId, correlationId, failure);
        } else {
            log.warn("passthrough failed: route={} class={} code={} correlationId={}", routeId, metricClass,
                    classified.code().code(), correlationId);
        }
        return classified;
    }

    public static class Config implements HasRouteId {

        private String routeId;
        private String circuitBreaker = DEFAULT_INSTANCE;
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
