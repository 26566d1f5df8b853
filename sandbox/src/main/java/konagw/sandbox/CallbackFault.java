package konagw.sandbox;

import java.util.Locale;

/** One way a callback sent by the sandbox can be wrong, for the receiver's tests; {@link #NONE} sends it right. */
public enum CallbackFault {
    NONE,
    /** The tran token is an HMAC under another secret. */
    BAD_TOKEN,
    /** A valid HMAC under our secret, over other bytes than the body sent. */
    TOKEN_OVER_OTHER_BODY,
    /** The previous callback again, byte for byte (same correlation id, headers and body), to the URL given now. */
    REPLAYED_CORRELATION_ID,
    /** Correlation id, tran time and token all signed twice the skew in the past. */
    TIME_OUTSIDE_WINDOW,
    /** A JWE to the client key under a crypto key id the receiver does not have. */
    UNKNOWN_KID,
    /** One character of the JWE's ciphertext changed, then signed as it is. */
    TAMPERED_JWE,
    /** Another project's ASP id. */
    WRONG_ASP_ID;

    /** {@code "bad-token"}, {@code "BAD_TOKEN"} or null (none). */
    public static CallbackFault parse(String text) {
        return text == null || text.isBlank() ? NONE
                : valueOf(text.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    }
}
