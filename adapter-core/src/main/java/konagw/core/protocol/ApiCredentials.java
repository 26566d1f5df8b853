package konagw.core.protocol;

/**
 * The project credentials sent (ASP id, access key) or used for signing (secret key). All are secrets
 * (PROTOCOL.md §5): validation messages name the property, never the value, and {@link #toString()} hides them.
 */
public record ApiCredentials(String aspId, String accessKey, String secretKey) {

    public ApiCredentials {
        requireLength("aspId", aspId, KmHeaders.ASP_ID_LENGTH);
        requireLength("accessKey", accessKey, KmHeaders.ACCESS_KEY_LENGTH);
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("secretKey must not be blank");
        }
    }

    private static void requireLength(String property, String value, int length) {
        if (value == null) {
            throw new IllegalArgumentException(property + " is missing");
        }
        if (value.length() != length) {
            throw new IllegalArgumentException(property + " must be " + length + " characters, got "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // Header values: printable ASCII without spaces, so they cannot break or smuggle headers.
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException(property + " must be printable ASCII without spaces");
            }
        }
    }

    @Override
    public String toString() {
        return "ApiCredentials[aspId=<hidden>, accessKey=<hidden>, secretKey=<hidden>]";
    }
}
