package konagw.core.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signs request bodies: {@code KMV1:<yyyyMMddHHmmssSSS>:<Base64(HMAC-SHA256(secret, body))>} (PROTOCOL.md §3).
 * Thread-safe.
 */
public final class TranTokenSigner {

    static final String PREFIX = "KMV1:";
    static final int TIME_LENGTH = 17;
    static final int SIGNATURE_LENGTH = 44;

    private final HmacSha256 hmac;

    public TranTokenSigner(String secretKey) {
        this.hmac = new HmacSha256(secretKey);
    }

    /**
     * @param tokenTime17 the request time as {@code yyyyMMddHHmmssSSS}
     * @param body        the exact bytes sent (after encryption, when encrypted)
     */
    public String sign(String tokenTime17, byte[] body) {
        if (!isDigits(tokenTime17, TIME_LENGTH)) {
            throw new IllegalArgumentException("token time must be 17 digits (yyyyMMddHHmmssSSS)");
        }
        String signature = Base64.getEncoder().encodeToString(hmac.mac(body));
        return new StringBuilder(PREFIX.length() + TIME_LENGTH + 1 + SIGNATURE_LENGTH)
                .append(PREFIX).append(tokenTime17).append(':').append(signature).toString();
    }

    public String sign(String tokenTime17, String body) {
        return sign(tokenTime17, body.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isDigits(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
