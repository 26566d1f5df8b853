package konagw.core.client;

/**
 * The vendor answered but the answer cannot be trusted or read. Retrying will not help; the gateway reports
 * it as 502. No cause is attached where the cause's message could quote the (decrypted) body.
 */
public final class UpstreamUnusableException extends KonaplateException {

    public enum Kind {
        /** The body looked encrypted but did not decrypt (malformed, wrong alg/enc, unknown kid, bad tag). */
        BAD_JWE,
        /** The (decrypted) body is not the expected JSON, exceeds the size limit, or the status is unexpected. */
        BAD_JSON,
        /** The echoed {@code X-KM-Correlation-Id} is not the one sent (or missing on a 2xx). */
        CORRELATION_MISMATCH,
        /** The JSON lacks a required field (a success without account data, an error without a code). */
        MISSING_FIELDS
    }

    private final Kind kind;

    UpstreamUnusableException(Kind kind, String message, String correlationId, Throwable cause) {
        super(message, correlationId, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
