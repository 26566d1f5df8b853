package konagw.gateway.cache;

import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The two keys of the cache, derived with HKDF-SHA256 from {@code konagw.cache.secret}: one keys the HMAC
 * that turns a card number into a Redis key, the other seals values with AES-GCM. Separate keys so that
 * neither use can leak material for the other.
 */
public record CacheSecrets(SecretKey keyHmacKey, SecretKey valueAesKey) {

    public static final int MIN_SECRET_BYTES = 32;

    private static final byte[] SALT = "konagw-cache-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public static CacheSecrets derive(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("konagw.cache.secret must decode to at least " + MIN_SECRET_BYTES
                    + " bytes (got " + secret.length + ")");
        }
        return new CacheSecrets(
                new SecretKeySpec(hkdf(secret, "redis-key-hmac"), "HmacSHA256"),
                new SecretKeySpec(hkdf(secret, "value-aes-gcm"), "AES"));
    }

    /** Parses the Base64 property; the message names the property, never the value. */
    public static CacheSecrets fromBase64(String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("konagw.cache.secret must be Base64 (standard alphabet)");
        }
        return derive(secret);
    }

    /**
     * Another key from the same {@code konagw.cache.secret} (Base64), for another use: its own HKDF {@code info}, so
     * that it shares no material with the cache's two keys.
     */
    public static byte[] subkeyFromBase64(String base64, String info) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("konagw.cache.secret must be Base64 (standard alphabet)");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("konagw.cache.secret must decode to at least " + MIN_SECRET_BYTES
                    + " bytes (got " + secret.length + ")");
        }
        return hkdf(secret, info);
    }

    /** A throwaway secret for the in-memory cache of the local default: nothing outlives the process. */
    public static CacheSecrets ephemeral() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return derive(secret);
    }

    private static byte[] hkdf(byte[] secret, String info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(secret, SALT, info.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        generator.generateBytes(out, 0, out.length);
        return out;
    }

    @Override
    public String toString() {
        return "CacheSecrets[redacted]";
    }
}
