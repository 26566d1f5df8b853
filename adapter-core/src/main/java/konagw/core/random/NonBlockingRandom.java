package konagw.core.random;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A SecureRandom that never touches a file on the hot path. The platform default (NativePRNG) reads
 * {@code /dev/urandom} on every call, a blocking read on a Netty event loop; a DRBG seeds once and then
 * runs in memory. Seeded here, at startup, so that the one blocking read never happens on a request.
 */
public final class NonBlockingRandom {

    private static final SecureRandom INSTANCE = create();

    private NonBlockingRandom() {
    }

    public static SecureRandom get() {
        return INSTANCE;
    }

    private static SecureRandom create() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        random.nextBytes(new byte[16]);
        return random;
    }
}
