package konagw.core.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one secret. Mac is not thread-safe and costly to create and init, so each thread keeps
 * one already-initialised instance; the key object is built once.
 */
final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    HmacSha256(String secretKey) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("secret key must not be empty");
        }
        // The vendor's HMAC key is the secret's UTF-8 bytes as issued, not decoded from Base64 or hex.
        SecretKeySpec key = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        newMac(key); // fail fast at construction rather than on the first request
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    byte[] mac(byte[] message) {
        return macs.get().doFinal(message);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
