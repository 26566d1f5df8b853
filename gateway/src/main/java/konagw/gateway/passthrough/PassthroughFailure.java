package konagw.gateway.passthrough;

import java.time.Duration;

import konagw.core.protocol.KonaCode;

/**
 * A passthrough request that ends in a gateway problem ({@code 900_00x}) instead of the vendor's answer:
 * refused before going upstream (body too large, not JSON) or failed on the way (circuit open, timeout,
 * 5xx, unusable answer). {@link PassthroughExceptionHandler} renders it as {@code application/problem+json}.
 */
public class PassthroughFailure extends RuntimeException {

    private final KonaCode code;
    private final Duration retryAfter;
    private final String correlationId;

    public PassthroughFailure(KonaCode code, String detail, Duration retryAfter, String correlationId,
            Throwable cause) {
        super(detail, cause, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
        this.correlationId = correlationId;
    }

    public KonaCode code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public String correlationId() {
        return correlationId;
    }
}
