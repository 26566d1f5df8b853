package konagw.gateway.upstream;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import konagw.core.client.KonaplateException;
import konagw.core.client.UpstreamTransportException;
import konagw.core.client.UpstreamUnusableException;
import konagw.core.correlation.CorrelationIdUnavailableException;
import konagw.core.protocol.KonaCode;
import konagw.gateway.quota.UpstreamQuotaExceededException;

/** Maps what can go wrong on the way upstream to the gateway code and a low-cardinality metric class. */
final class UpstreamFailureClassifier {

    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final CircuitBreaker breaker;

    UpstreamFailureClassifier(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    UpstreamFailure classify(Throwable failure) {
        if (failure instanceof UpstreamFailure classified) {
            return classified;
        }
        String correlationId = failure instanceof KonaplateException k ? k.correlationId() : null;
        if (failure instanceof CallNotPermittedException) {
            return new UpstreamFailure(KonaCode.UPSTREAM_UNAVAILABLE, "Circuit open: upstream is failing.",
                    openStateWait(), null, failure);
        }
        if (failure instanceof BulkheadFullException) {
            return new UpstreamFailure(KonaCode.UPSTREAM_UNAVAILABLE, "Too many upstream calls in flight.",
                    BUSY_RETRY_AFTER, null, failure);
        }
        if (failure instanceof CorrelationIdUnavailableException) {
            return correlationIdUnavailable(failure);
        }
        if (failure instanceof TimeoutException) {
            return new UpstreamFailure(KonaCode.UPSTREAM_TIMEOUT, "Upstream did not answer in time.", null,
                    null, failure);
        }
        if (failure instanceof UpstreamTransportException transport) {
            return switch (transport.kind()) {
                case TIMEOUT -> new UpstreamFailure(KonaCode.UPSTREAM_TIMEOUT, "Upstream did not answer in time.",
                        null, correlationId, failure);
                case SERVER_ERROR -> new UpstreamFailure(KonaCode.UPSTREAM_UNAVAILABLE,
                        "Upstream answered HTTP " + transport.status() + ".", BUSY_RETRY_AFTER, correlationId, failure);
                case CONNECT, IO -> new UpstreamFailure(KonaCode.UPSTREAM_UNAVAILABLE,
                        "Upstream connection failed.", BUSY_RETRY_AFTER, correlationId, failure);
            };
        }
        if (failure instanceof UpstreamUnusableException unusable) {
            return new UpstreamFailure(KonaCode.UPSTREAM_UNUSABLE,
                    "Upstream answer unusable: " + unusable.kind().name().toLowerCase(Locale.ROOT) + ".", null,
                    correlationId, failure);
        }
        return new UpstreamFailure(KonaCode.UPSTREAM_UNAVAILABLE, "Upstream call failed.", BUSY_RETRY_AFTER,
                correlationId, failure);
    }

    /** A metric tag: the kind of failure, never anything from the request. */
    static String metricClass(Throwable failure) {
        if (failure instanceof UpstreamQuotaExceededException) {
            return "quota";
        }
        Throwable cause = failure instanceof UpstreamFailure f && f.getCause() != null ? f.getCause() : failure;
        if (cause instanceof CallNotPermittedException) {
            return "circuit_open";
        }
        if (cause instanceof BulkheadFullException) {
            return "bulkhead_full";
        }
        if (cause instanceof CorrelationIdUnavailableException) {
            return "correlation_id";
        }
        if (cause instanceof TimeoutException) {
            return "timeout";
        }
        if (cause instanceof UpstreamTransportException transport) {
            return transport.kind().name().toLowerCase(Locale.ROOT);
        }
        if (cause instanceof UpstreamUnusableException unusable) {
            return unusable.kind().name().toLowerCase(Locale.ROOT);
        }
        return "other";
    }

    /** Refused before anything went upstream: no correlation id could be issued (lost instance id, spent second). */
    static UpstreamFailure correlationIdUnavailable(Throwable failure) {
        return new UpstreamFailure(KonaCode.UPSTREAM_UNAVAILABLE, "No correlation id can be issued at the moment.",
                BUSY_RETRY_AFTER, null, failure);
    }

    private Duration openStateWait() {
        return breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) > 0
                ? Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                : BUSY_RETRY_AFTER;
    }
}
