package konagw.gateway.passthrough;

import java.time.Duration;

import konagw.core.protocol.KonaCode;
import konagw.gateway.upstream.UpstreamFailure;

/**
 * A passthrough request that ends in a gateway problem ({@code 900_00x}) instead of the vendor's answer:
 * refused before going upstream (body too large, not JSON) or failed on the way (circuit open, timeout,
 * 5xx, unusable answer). {@link PassthroughExceptionHandler} renders it as {@code application/problem+json}.
 */
public class PassthroughFailure extends UpstreamFailure {

    public PassthroughFailure(KonaCode code, String detail, Duration retryAfter, String correlationId,
            Throwable cause) {
        super(code, detail, retryAfter, correlationId, cause);
    }
}
