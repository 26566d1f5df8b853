package konagw.core.correlation;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Issues {@code X-KM-Correlation-Id}s, {@code yyMMddHHmmss-xxxxxxx}, that are unique by construction:
 * the 28 bits behind the 7 hex digits are a 10-bit instance id and an 18-bit sequence within the second.
 * Two instances with different ids never collide; one instance never repeats, because when a second's
 * 262,144 sequence numbers are spent it waits for the next second instead of wrapping.
 *
 * <p>The hot path is one CAS on a packed (epochSecond, sequence) long. If the clock steps backwards the
 * generator stays on the latest second it has used, so ids keep their uniqueness (their timestamp is then
 * slightly ahead of the wall clock until it catches up).
 */
public final class CorrelationIdGenerator {

    public static final int MAX_INSTANCE_ID = 1023;
    static final int SEQUENCE_BITS = 18;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** How the generator waits for the next second once the current one is exhausted. */
    @FunctionalInterface
    public interface Pause {
        /** Waits roughly {@code nanos}; returning early is allowed, the generator re-reads the clock. */
        void pause(long nanos);
    }

    private final Clock clock;
    private final ZoneId zone;
    private volatile int instanceId;
    private final Pause pause;
    private final AtomicLong state = new AtomicLong();
    private volatile Prefix prefix = new Prefix(Long.MIN_VALUE, null);

    public CorrelationIdGenerator(Clock clock, ZoneId zone, int instanceId) {
        this(clock, zone, instanceId, LockSupport::parkNanos);
    }

    public CorrelationIdGenerator(Clock clock, ZoneId zone, int instanceId, Pause pause) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.instanceId = checked(instanceId);
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * A generator whose instance id is derived from the host name ({@code HOSTNAME}, which is the pod name in
     * Kubernetes, else the resolved local host name). Hashing into 10 bits can collide between replicas: replicas
     * need distinct ids configured, or leased from a shared registry ({@link #useInstanceId}).
     */
    public static CorrelationIdGenerator forHost(Clock clock, ZoneId zone) {
        return new CorrelationIdGenerator(clock, zone, instanceIdFor(hostName()));
    }

    /** Maps a host name to an instance id in 0..{@value #MAX_INSTANCE_ID}. */
    public static int instanceIdFor(String hostName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hostName.getBytes(StandardCharsets.UTF_8));
            return ((digest[0] & 0xff) << 8 | (digest[1] & 0xff)) & MAX_INSTANCE_ID;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public int instanceId() {
        return instanceId;
    }

    /**
     * Issues the following ids under {@code instanceId}, e.g. one leased from a registry shared by the replicas.
     * They stay unique as long as no other instance issued ids under it within the current second: a registry
     * that grants an id again only after its previous holder's lease ran out guarantees that.
     */
    public void useInstanceId(int instanceId) {
        this.instanceId = checked(instanceId);
    }

    private static int checked(int instanceId) {
        if (instanceId < 0 || instanceId > MAX_INSTANCE_ID) {
            throw new IllegalArgumentException("instance id must be between 0 and " + MAX_INSTANCE_ID
                    + ", got " + instanceId);
        }
        return instanceId;
    }

    public String next() {
        long now = currentSecond();
        while (true) {
            long current = state.get();
            long currentSecond = current >>> SEQUENCE_BITS;
            long next;
            if (now > currentSecond) {
                next = now << SEQUENCE_BITS;
            } else if ((current & MAX_SEQUENCE) < MAX_SEQUENCE) {
                next = current + 1;
            } else {
                now = awaitSecondAfter(currentSecond);
                continue;
            }
            if (state.compareAndSet(current, next)) {
                return format(next >>> SEQUENCE_BITS, next & MAX_SEQUENCE);
            }
        }
    }

    private long awaitSecondAfter(long exhaustedSecond) {
        while (true) {
            long millis = clock.millis();
            long second = Math.floorDiv(millis, 1000L);
            if (second > exhaustedSecond) {
                return second;
            }
            long remainingMillis = (exhaustedSecond + 1) * 1000L - millis;
            pause.pause(TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(remainingMillis, 1000))));
        }
    }

    private long currentSecond() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    private String format(long second, long sequence) {
        Prefix p = prefix;
        if (p.second != second) {
            p = new Prefix(second, timestamp(second));
            prefix = p;
        }
        char[] out = new char[CorrelationIds.LENGTH];
        p.text.getChars(0, 12, out, 0);
        out[12] = '-';
        long value = ((long) instanceId << SEQUENCE_BITS) | sequence;
        for (int i = 19; i >= 13; i--) {
            out[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(out);
    }

    private String timestamp(long second) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(second), zone);
        char[] out = new char[12];
        put(out, 0, t.getYear() % 100);
        put(out, 2, t.getMonthValue());
        put(out, 4, t.getDayOfMonth());
        put(out, 6, t.getHour());
        put(out, 8, t.getMinute());
        put(out, 10, t.getSecond());
        return new String(out);
    }

    private static void put(char[] out, int at, int twoDigits) {
        out[at] = (char) ('0' + twoDigits / 10);
        out[at + 1] = (char) ('0' + twoDigits % 10);
    }

    /** {@code HOSTNAME} (the pod name in Kubernetes), else the resolved local host name. */
    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private record Prefix(long second, String text) {
    }
}
