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
import java.util.concurrent.atomic.AtomicLong;

import konagw.core.random.NonBlockingRandom;

/**
 * Issues {@code X-KM-Correlation-Id}s, {@code yyMMddHHmmss-xxxxxxx}, that are unique by construction:
 * the 28 bits behind the 7 hex digits are a 10-bit instance id and an 18-bit sequence within the second.
 * Two instances with different ids never collide; one instance never repeats, because when a second's
 * 262,144 sequence numbers are spent it refuses ({@link CorrelationIdUnavailableException}) instead of wrapping.
 * Each second's sequence starts at an offset of its own, random per generator: two instances that share an id by
 * mistake (the leftover windows of a lease) do not collide on the first request of every second.
 *
 * <p>The hot path is one CAS on a packed (epochSecond, count) long, and nothing ever waits: the caller may be an
 * event loop. If the clock steps backwards the generator stays on the latest second it has used and issues the rest
 * of that second's ids (their timestamp is then ahead of the wall clock until it catches up); once those are spent
 * it refuses until the clock reaches the next second.
 */
public final class CorrelationIdGenerator {

    public static final int MAX_INSTANCE_ID = 1023;
    static final int SEQUENCE_BITS = 18;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final int WITHDRAWN = -1;

    /** Where a second's sequence starts, in 0..{@link #MAX_SEQUENCE}. */
    @FunctionalInterface
    interface SequenceStart {
        long of(long epochSecond);
    }

    private final Clock clock;
    private final ZoneId zone;
    private final SequenceStart start;
    /** The id last assigned, reported by {@link #instanceId()} even while withdrawn. */
    private volatile int instanceId;
    /** The id ids are issued under, or {@link #WITHDRAWN}: one volatile read decides both. */
    private volatile int issuingUnder;
    private volatile String withdrawnBecause;
    /** (epochSecond << SEQUENCE_BITS) | count of ids issued in that second, minus one. */
    private final AtomicLong state = new AtomicLong();
    private volatile Prefix prefix = new Prefix(Long.MIN_VALUE, null);

    public CorrelationIdGenerator(Clock clock, ZoneId zone, int instanceId) {
        this(clock, zone, instanceId, randomStarts(NonBlockingRandom.get().nextLong()));
    }

    CorrelationIdGenerator(Clock clock, ZoneId zone, int instanceId, SequenceStart start) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.start = Objects.requireNonNull(start, "start");
        this.instanceId = checked(instanceId);
        this.issuingUnder = this.instanceId;
    }

    /** A start per second that looks random and differs between salts (the SplitMix64 finalizer). */
    static SequenceStart randomStarts(long salt) {
        return second -> {
            long z = salt + second * 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return (z ^ (z >>> 31)) & MAX_SEQUENCE;
        };
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
     * Issues the following ids under {@code instanceId}, e.g. one leased from a registry shared by the replicas; ends
     * a {@link #withdraw}. They stay unique as long as no other instance issued ids under it within the current
     * second: a registry that grants an id again only after its previous holder's lease ran out guarantees that.
     */
    public void useInstanceId(int instanceId) {
        this.instanceId = checked(instanceId);
        this.issuingUnder = instanceId;
    }

    /**
     * Stops issuing until the next {@link #useInstanceId}: the instance id is known to be another instance's now, and
     * an id issued under it could repeat one that instance sends. {@link #next} throws meanwhile, with {@code why}.
     */
    public void withdraw(String why) {
        this.withdrawnBecause = Objects.requireNonNull(why, "why");
        this.issuingUnder = WITHDRAWN;
    }

    /** Whether {@link #next} issues ids (not withdrawn). */
    public boolean issuing() {
        return issuingUnder != WITHDRAWN;
    }

    private static int checked(int instanceId) {
        if (instanceId < 0 || instanceId > MAX_INSTANCE_ID) {
            throw new IllegalArgumentException("instance id must be between 0 and " + MAX_INSTANCE_ID
                    + ", got " + instanceId);
        }
        return instanceId;
    }

    /**
     * The next id; never waits.
     *
     * @throws CorrelationIdUnavailableException while {@link #withdraw withdrawn}, or when the 262,144 ids of the
     *         second in use are spent (more requests than that in one second, or the clock stepped back far enough)
     */
    public String next() {
        int id = issuingUnder;
        if (id == WITHDRAWN) {
            throw new CorrelationIdUnavailableException("correlation ids withdrawn: " + withdrawnBecause);
        }
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
                throw new CorrelationIdUnavailableException("all " + (MAX_SEQUENCE + 1)
                        + " correlation ids of the current second are issued"
                        + (now < currentSecond ? " (the clock stepped back " + (currentSecond - now) + " s)" : "")
                        + "; ids resume with the next second");
            }
            if (state.compareAndSet(current, next)) {
                long second = next >>> SEQUENCE_BITS;
                return format(second, (start.of(second) + (next & MAX_SEQUENCE)) & MAX_SEQUENCE, id);
            }
        }
    }

    /**
     * An id for an answer of the gateway's own (a cache hit, a problem), or {@code null} when {@link #next} would
     * throw: such an answer is labelled when possible, and never fails for want of a label.
     */
    public String nextOrNull() {
        try {
            return next();
        } catch (CorrelationIdUnavailableException e) {
            return null;
        }
    }

    private long currentSecond() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    private String format(long second, long sequence, int instanceId) {
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
