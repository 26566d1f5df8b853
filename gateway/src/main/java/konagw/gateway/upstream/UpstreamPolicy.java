package konagw.gateway.upstream;

import java.time.Duration;
import java.util.Objects;

import konagw.gateway.quota.Partition;

/**
 * How one kind of caller may use the upstream: the quota partition it draws permits from, the Resilience4j
 * instances that guard it (breaker, time limiter, bulkhead; {@code null} bulkhead: none), whether failed attempts
 * are retried, a timeout tighter than the time limiter's, if any, and whether a call refused a quota permit waits
 * for one (until the deadline its caller set, {@link UpstreamGuard#QUOTA_DEADLINE}) instead of failing at once. {@link UpstreamGuard#of} turns a policy into
 * an operator. A policy is also what a lookup may join: callers share an upstream call only within one policy.
 */
public record UpstreamPolicy(Kind kind, String route, Partition quota, String breaker, String timeLimiter,
        Duration timeout, String bulkhead, boolean retries, boolean waitsForQuota) {

    /** The Resilience4j instance name of the inquiry ({@code resilience4j.*.instances.konaplate}). */
    public static final String INQUIRY_INSTANCE = "konaplate";
    /** The bulkhead of batch and job lookups: their share of {@value #INQUIRY_INSTANCE}'s. */
    public static final String BATCH_BULKHEAD = "konaplate-batch";
    /** The breaker and time limiter of passthrough routes that name none. */
    public static final String PASSTHROUGH_INSTANCE = "konaplate-passthrough";

    public enum Kind { INTERACTIVE, BATCH, JOB, PASSTHROUGH }

    /** A facade lookup: the shared quota, the whole bulkhead, retried. */
    public static final UpstreamPolicy INTERACTIVE = new UpstreamPolicy(Kind.INTERACTIVE, null,
            Partition.INTERACTIVE, INQUIRY_INSTANCE, INQUIRY_INSTANCE, null, INQUIRY_INSTANCE, true, false);
    /** A synchronous batch's miss: the batch quota share and the batch bulkhead, retried, paced by the quota. */
    public static final UpstreamPolicy BATCH = new UpstreamPolicy(Kind.BATCH, null, Partition.BATCH,
            INQUIRY_INSTANCE, INQUIRY_INSTANCE, null, BATCH_BULKHEAD, true, true);
    /** An asynchronous job's miss: as a batch's. */
    public static final UpstreamPolicy JOB = new UpstreamPolicy(Kind.JOB, null, Partition.BATCH,
            INQUIRY_INSTANCE, INQUIRY_INSTANCE, null, BATCH_BULKHEAD, true, true);

    public UpstreamPolicy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(timeLimiter, "timeLimiter");
        if ((kind == Kind.PASSTHROUGH) != (route != null)) {
            throw new IllegalArgumentException("a passthrough policy names its route, no other policy does");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * A passthrough route: the shared quota, no bulkhead, never retried (a charge must never reach the vendor
     * twice).
     * @param breaker the route's breaker and time limiter instance, {@code null} for {@value #PASSTHROUGH_INSTANCE}
     * @param timeout tighter than that time limiter's, or {@code null}
     */
    public static UpstreamPolicy passthrough(String route, String breaker, Duration timeout) {
        String instance = breaker == null || breaker.isBlank() ? PASSTHROUGH_INSTANCE : breaker;
        return new UpstreamPolicy(Kind.PASSTHROUGH, route, Partition.INTERACTIVE, instance, instance, timeout, null,
                false, false);
    }

    /** For logs: {@code interactive}, {@code batch}, {@code job}, {@code passthrough(<route>)}. */
    public String label() {
        String kindName = kind.name().toLowerCase(java.util.Locale.ROOT);
        return route == null ? kindName : kindName + "(" + route + ")";
    }
}
