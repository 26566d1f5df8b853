package konagw.core.token;

/** A tran token failed verification. Messages never contain the token, the body or the secret. */
public final class TranTokenException extends RuntimeException {

    public enum Reason {
        /** Not {@code KMV1:<17 digits>:<44 Base64 characters>}. */
        MALFORMED,
        /** The token's first 14 time digits differ from {@code X-KM-Tran-Time}. */
        TIME_MISMATCH,
        /** The token's time is further from now than the allowed window. */
        OUT_OF_WINDOW,
        /** The HMAC does not match the body. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    TranTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
