package konagw.gateway.support;

import java.util.Locale;

/**
 * Where a test's Redis comes from. Testcontainers when a Docker engine answers (a laptop), the local redis-server
 * binary otherwise (this machine and CI have none); {@code -Dkonagw.test.redis=binary|testcontainers} overrides.
 * A Redis Cluster always comes from the binary ({@link RedisClusterTestServer}): a containerized cluster announces
 * addresses the test cannot reach.
 */
public enum RedisSource {
    TESTCONTAINERS,
    LOCAL_BINARY;

    public static final String PROPERTY = "konagw.test.redis";

    /** A source and why it was chosen, for the log line. */
    public record Choice(RedisSource source, String reason) {
    }

    /** The choice: a pure function of what was probed and what was asked for. */
    public static Choice choose(boolean dockerReachable, String requested) {
        if (requested != null && !requested.isBlank()) {
            String asked = requested.trim().toLowerCase(Locale.ROOT);
            if (asked.equals("binary")) {
                return new Choice(LOCAL_BINARY, PROPERTY + "=binary");
            }
            if (asked.equals("testcontainers")) {
                return new Choice(TESTCONTAINERS, PROPERTY + "=testcontainers");
            }
            throw new IllegalArgumentException(PROPERTY + " must be binary or testcontainers");
        }
        return dockerReachable ? new Choice(TESTCONTAINERS, "a Docker engine is reachable")
                : new Choice(LOCAL_BINARY, "no Docker engine is reachable");
    }
}
