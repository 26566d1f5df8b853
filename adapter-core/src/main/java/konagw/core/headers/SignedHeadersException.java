package konagw.core.headers;

import java.util.Locale;

/**
 * The {@code X-KM-*} headers of a request failed verification. The message starts with the header at fault
 * ({@code "X-KM-Tran-Token: HMAC does not match the body"}) and never contains a header value, the body or the
 * secret; {@link #reason()} is a small closed set, fit for a metric tag.
 */
public final class SignedHeadersException extends RuntimeException {

    public enum Reason {
        /** A required header is missing, repeated or of the wrong length. */
        HEADER,
        /** {@code X-KM-User-AspId} is not ours. */
        ASP_ID,
        /** {@code X-KM-Access-Key} is not ours. */
        ACCESS_KEY,
        /** {@code X-KM-Time-Zone} is not a known zone code. */
        TIME_ZONE,
        /** {@code X-KM-Correlation-Id} is not {@code yyMMddHHmmss-xxxxxxx} or not a valid date. */
        CORRELATION_ID,
        /** {@code X-KM-Tran-Time} is not 14 digits of a valid date. */
        TRAN_TIME,
        /** A timestamp (correlation id, tran time, token time) is outside the allowed skew. */
        WINDOW,
        /** The tran token is not {@code KMV1:<17 digits>:<44 Base64>}, or its time is not {@code X-KM-Tran-Time}. */
        TOKEN,
        /** The tran token's HMAC does not match the body. */
        SIGNATURE;

        /** Lower-case name, e.g. {@code asp_id}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    SignedHeadersException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
