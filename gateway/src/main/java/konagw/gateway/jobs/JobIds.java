package konagw.gateway.jobs;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import konagw.core.random.NonBlockingRandom;

/** Job ids: 128 random bits as 32 lowercase hex digits; unguessable, so knowing one is no reason to be its owner. */
final class JobIds {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = NonBlockingRandom.get();

    private JobIds() {
    }

    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** False for anything that cannot be an id: such a path is answered as an unknown job, without a look-up. */
    static boolean wellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
