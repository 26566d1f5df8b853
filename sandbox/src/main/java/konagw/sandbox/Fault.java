package konagw.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fault the sandbox injects into its answers on {@code /api/**}, globally or for one path.
 * The request is still read and verified (and counted); the fault then changes what goes back:
 * <ul>
 *   <li>{@code fixedLatency} + a uniformly random extra in {@code [0, randomLatencyMax]} delays the answer;</li>
 *   <li>{@code connectionReset} closes the connection with a TCP RST instead of answering;</li>
 *   <li>with probability {@code errorRate} the answer is replaced by HTTP {@code errorStatus} (a 5xx);</li>
 *   <li>{@code invalidJwe} replaces the body by a JWE whose authentication tag does not verify;</li>
 *   <li>{@code plaintextSuccess} sends a success to an encrypted request as the plain JSON it would have encrypted
 *       (a downgrade: PROTOCOL.md §4 lets only errors come plain).</li>
 * </ul>
 * Components compose: latency first, then reset, then the error roll, then the JWE corruption or the plain success.
 * <p>The factories for the boolean modes are {@link #connectionResetFault()}, {@link #invalidJweFault()} and
 * {@link #plaintextSuccessFault()}: a record cannot have a static {@code connectionReset()} beside the component
 * accessor of that name.
 */
public record Fault(Duration fixedLatency, Duration randomLatencyMax, double errorRate, int errorStatus,
                    boolean connectionReset, boolean invalidJwe, boolean plaintextSuccess) {

    private static final Fault NONE = new Fault(Duration.ZERO, Duration.ZERO, 0.0, 500, false, false, false);

    public Fault {
        fixedLatency = fixedLatency == null ? Duration.ZERO : fixedLatency;
        randomLatencyMax = randomLatencyMax == null ? Duration.ZERO : randomLatencyMax;
        if (fixedLatency.isNegative() || randomLatencyMax.isNegative()) {
            throw new IllegalArgumentException("fault latencies must not be negative");
        }
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("fault errorRate must be within [0, 1], was " + errorRate);
        }
        if (errorStatus == 0) {
            errorStatus = 500;
        }
        if (errorStatus < 500 || errorStatus > 599) {
            throw new IllegalArgumentException("fault errorStatus must be a 5xx status (500 or 503), was " + errorStatus);
        }
    }

    /** A fault without the plain-success mode. */
    public Fault(Duration fixedLatency, Duration randomLatencyMax, double errorRate, int errorStatus,
            boolean connectionReset, boolean invalidJwe) {
        this(fixedLatency, randomLatencyMax, errorRate, errorStatus, connectionReset, invalidJwe, false);
    }

    /** No fault. */
    public static Fault none() {
        return NONE;
    }

    /** Every answer is delayed by {@code latency}. */
    public static Fault latency(Duration latency) {
        return new Fault(Objects.requireNonNull(latency, "latency"), Duration.ZERO, 0.0, 500, false, false);
    }

    /** Every answer is delayed by a uniformly random duration in {@code [0, max]}. */
    public static Fault randomLatency(Duration max) {
        return new Fault(Duration.ZERO, Objects.requireNonNull(max, "max"), 0.0, 500, false, false);
    }

    /** With probability {@code rate} the answer is replaced by an empty-ish error with HTTP {@code status}. */
    public static Fault errors(double rate, int status) {
        return new Fault(Duration.ZERO, Duration.ZERO, rate, status, false, false);
    }

    /** The connection is reset (TCP RST) instead of answering. */
    public static Fault connectionResetFault() {
        return new Fault(Duration.ZERO, Duration.ZERO, 0.0, 500, true, false);
    }

    /** The answer body is a JWE that does not decrypt (its authentication tag is broken). */
    public static Fault invalidJweFault() {
        return new Fault(Duration.ZERO, Duration.ZERO, 0.0, 500, false, true);
    }

    /** A success to an encrypted request goes back unencrypted, as {@code application/json}. */
    public static Fault plaintextSuccessFault() {
        return new Fault(Duration.ZERO, Duration.ZERO, 0.0, 500, false, false, true);
    }

    /** True when this fault changes nothing. */
    public boolean isNone() {
        return fixedLatency.isZero() && randomLatencyMax.isZero() && errorRate == 0.0 && !connectionReset && !invalidJwe
                && !plaintextSuccess;
    }

    /** The delay for one answer: the fixed latency plus a random share of the random maximum. */
    Duration sampleLatency() {
        if (randomLatencyMax.isZero()) {
            return fixedLatency;
        }
        long extraNanos = ThreadLocalRandom.current().nextLong(randomLatencyMax.toNanos() + 1);
        return fixedLatency.plusNanos(extraNanos);
    }

    /** Rolls the error dice for one answer. */
    boolean rollError() {
        return errorRate > 0.0 && (errorRate >= 1.0 || ThreadLocalRandom.current().nextDouble() < errorRate);
    }
}
