package konagw.gateway.problem;

import konagw.core.protocol.KonaCode;

/** A request the gateway refuses before anything goes upstream (validation, limits, authentication). */
public class GatewayProblemException extends RuntimeException {

    private final KonaCode code;

    public GatewayProblemException(KonaCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public KonaCode code() {
        return code;
    }
}
