package konagw.core.jwe;

/** A JWE could not be decrypted. Messages name the problem and at most the key id, never key or payload bytes. */
public final class JweException extends RuntimeException {

    public enum Kind { MALFORMED, ALGORITHM_MISMATCH, UNKNOWN_KEY_ID, DECRYPTION_FAILED }

    private final Kind kind;
    private final String keyId;

    JweException(Kind kind, String keyId, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.keyId = keyId;
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code kid} of the JWE, or null when it had none or could not be parsed. */
    public String keyId() {
        return keyId;
    }
}
