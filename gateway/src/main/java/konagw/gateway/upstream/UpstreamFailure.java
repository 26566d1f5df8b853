package konagw.gateway.upstream;

import java.time.Duration;

import konagw.core.protocol.KonaCode;

/**
 * An upstream call that produced no usable vendor answer, as its {@link FailureClass}: the gateway code the caller
 * sees ({@code 900_001} unavailable or refused, {@code 900_002} timeout, {@code 900_003} unusable answer), when it
 * may try again, and the correlation id of the exchange when one was sent.
 */
public class UpstreamFailure extends RuntimeException {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final FailureClass failureClass;
    private final Duration retryAfter;
    private final String correlationId;

    public UpstreamFailure(FailureClass failureClass, String detail, Duration retryAfter, String correlationId,
            Throwable cause) {
        super(detail, cause, false, false);
        this.failureClass = failureClass;
        this.retryAfter = retryAfter;
        this.correlationId = correlationId;
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    public KonaCode code() {
        return failureClass.code();
    }

    /**
     * When the caller may try again: what the failure knows, else its class's rule; {@code null} when trying again
     * at once is as good as later.
     */
    public Duration retryAfter() {
        if (retryAfter != null || failureClass.retryAfter() == FailureClass.RetryAfter.NONE) {
            return retryAfter;
        }
        return ONE_SECOND;
    }

    /** The correlation id of the failed exchange, when one was sent. */
    public String correlationId() {
        return correlationId;
    }

    /** The same failure, naming the exchange's correlation id where the failure itself did not know it. */
    public UpstreamFailure withCorrelationId(String id) {
        if (correlationId != null || id == null) {
            return this;
        }
        return new UpstreamFailure(failureClass, getMessage(), retryAfter, id, getCause());
    }
}
