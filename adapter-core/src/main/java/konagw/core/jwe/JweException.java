package konagw.core.jwe;

/** A JWE could not be decrypted. Messages name the problem and at most the key id, never key or payload bytes. */
public final class JweException extends RuntimeException {

    /** {@code NOT_ENCRYPTED}: a plain body where a JWE was required (a success answer to an encrypted request). */
    public enum Kind { MALFORMED, ALGORITHM_MISMATCH, UNKNOWN_KEY_ID, DECRYPTION_FAILED, NOT_ENCRYPTED }

    private final Kind kind;
    private final String keyId;

    JweException(Kind kind, String keyId, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.keyId = keyId;
    }

    /** A plain body where only a JWE is acceptable (PROTOCOL.md §4: only error answers may come plain). */
    public static JweException notEncrypted() {
        return new JweException(Kind.NOT_ENCRYPTED, null, "a success answer to an encrypted request must be a JWE");
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code kid} of the JWE, or null when it had none or could not be parsed. */
    public String keyId() {
        return keyId;
    }
}
