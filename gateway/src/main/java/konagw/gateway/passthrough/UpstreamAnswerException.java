package konagw.gateway.passthrough;

import konagw.core.protocol.KonaCode;

/**
 * Raised while the upstream answer is written back: a 5xx ({@code 900_001}) or an answer that cannot be
 * trusted ({@code 900_003}: bad JWE, wrong correlation id, too large). Raised inside the route's circuit
 * breaker, so it counts as a failure there.
 */
final class UpstreamAnswerException extends RuntimeException {

    private final KonaCode code;

    UpstreamAnswerException(KonaCode code, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.code = code;
    }

    KonaCode code() {
        return code;
    }
}
