package konagw.gateway.upstream;

import java.time.Duration;

import konagw.core.protocol.KonaCode;

/**
 * An upstream call that produced no usable vendor answer, classified as the gateway code the caller sees:
 * {@code 900_001} unavailable or circuit open, {@code 900_002} timeout, {@code 900_003} unusable answer.
 */
public class UpstreamFailure extends RuntimeException {

    private final KonaCode code;
    private final Duration retryAfter;
    private final String correlationId;

    public UpstreamFailure(KonaCode code, String detail, Duration retryAfter, String correlationId, Throwable cause) {
        super(detail, cause, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
        this.correlationId = correlationId;
    }

    public KonaCode code() {
        return code;
    }

    /** When the caller may try again; {@code null} when there is nothing better to say than "later". */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The correlation id of the failed exchange, when one was sent. */
    public String correlationId() {
        return correlationId;
    }
}
