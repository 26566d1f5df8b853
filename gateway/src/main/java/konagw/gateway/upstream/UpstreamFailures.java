package konagw.gateway.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.web.server.ResponseStatusException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import konagw.core.client.KonaplateException;
import konagw.core.client.UpstreamTransportException;
import konagw.core.client.UpstreamUnusableException;
import konagw.core.correlation.CorrelationIdUnavailableException;

/**
 * The one classifier of upstream failures: whatever a guarded call raised — a Resilience4j refusal, the facade
 * client's typed exceptions, a passthrough route's Netty errors — becomes an {@link UpstreamFailure} of one
 * {@link FailureClass}.
 */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** @param breaker the breaker of the call, for the {@code Retry-After} of an open circuit */
    public static UpstreamFailure classify(Throwable failure, CircuitBreaker breaker) {
        if (failure instanceof UpstreamFailure classified) {
            return classified;
        }
        String correlationId = failure instanceof KonaplateException k ? k.correlationId() : null;
        if (failure instanceof CallNotPermittedException) {
            return new UpstreamFailure(FailureClass.CIRCUIT_OPEN, "Circuit open: upstream is failing.",
                    openStateWait(breaker), null, failure);
        }
        if (failure instanceof BulkheadFullException) {
            return new UpstreamFailure(FailureClass.BULKHEAD_FULL, "Too many upstream calls in flight.", null, null,
                    failure);
        }
        if (failure instanceof CorrelationIdUnavailableException) {
            return new UpstreamFailure(FailureClass.CORRELATION_ID, "No correlation id can be issued at the moment.",
                    null, null, failure);
        }
        if (failure instanceof TimeoutException
                || failure instanceof ResponseStatusException status && status.getStatusCode().value() == 504) {
            return new UpstreamFailure(FailureClass.TIMEOUT, "Upstream did not answer in time.", null, correlationId,
                    failure);
        }
        FailureClass tls = TlsFailures.classOf(failure);
        if (tls != null) {
            return new UpstreamFailure(tls, tls == FailureClass.CERTIFICATE
                    ? "Upstream certificate not accepted." : "Upstream TLS handshake failed.", null, correlationId,
                    failure);
        }
        if (failure instanceof UpstreamTransportException transport) {
            return switch (transport.kind()) {
                case TIMEOUT -> new UpstreamFailure(FailureClass.TIMEOUT, "Upstream did not answer in time.", null,
                        correlationId, failure);
                case SERVER_ERROR -> new UpstreamFailure(FailureClass.SERVER_ERROR,
                        "Upstream answered HTTP " + transport.status() + ".", null, correlationId, failure);
                case CONNECT -> new UpstreamFailure(FailureClass.CONNECT, "Upstream connection failed.", null,
                        correlationId, failure);
                case IO -> new UpstreamFailure(FailureClass.IO, "Upstream connection failed.", null, correlationId,
                        failure);
            };
        }
        if (failure instanceof UpstreamUnusableException unusable) {
            FailureClass kind = switch (unusable.kind()) {
                case BAD_JWE -> FailureClass.BAD_JWE;
                case BAD_JSON -> FailureClass.BAD_JSON;
                case CORRELATION_MISMATCH -> FailureClass.CORRELATION_MISMATCH;
                case MISSING_FIELDS -> FailureClass.MISSING_FIELDS;
            };
            return new UpstreamFailure(kind, "Upstream answer unusable: " + kind.tag().replace('_', ' ') + ".", null,
                    correlationId, failure);
        }
        if (failure instanceof ConnectException) {
            return new UpstreamFailure(FailureClass.CONNECT, "Upstream connection failed.", null, correlationId,
                    failure);
        }
        if (failure instanceof IOException) {
            return new UpstreamFailure(FailureClass.IO, "Upstream connection failed.", null, correlationId, failure);
        }
        return new UpstreamFailure(FailureClass.OTHER, "Upstream call failed.", null, correlationId, failure);
    }

    private static Duration openStateWait(CircuitBreaker breaker) {
        long millis = breaker == null ? 0
                : breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        return millis > 0 ? Duration.ofMillis(millis) : null;
    }
}
