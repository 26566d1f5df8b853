package konagw.gateway.quota;

import java.time.Duration;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

/**
 * The same GCRA as the Redis script, in this process only: the fallback while Redis is unavailable, sized
 * to this instance's share of the quota ({@code rate / replicas-hint}). A lock around two longs; it only
 * runs while Redis is down.
 */
final class LocalUpstreamQuota implements UpstreamQuota {

    private final QuotaLimits limits;
    private final LongSupplier microClock;
    private final QuotaMetrics metrics;
    private long allTat;
    private long batchTat;

    LocalUpstreamQuota(QuotaLimits limits, LongSupplier microClock, QuotaMetrics metrics) {
        this.limits = limits;
        this.microClock = microClock;
        this.metrics = metrics;
    }

    static LongSupplier systemMicros() {
        return () -> System.nanoTime() / 1000;
    }

    @Override
    public Mono<Void> acquire(Partition partition) {
        return Mono.defer(() -> RedisUpstreamQuota.admit(partition, reserve(partition), metrics));
    }

    /** {@code >= 0}: reserved, wait that many µs; {@code < 0}: refused, retry after {@code -value} µs. */
    synchronized long reserve(Partition partition) {
        long now = microClock.getAsLong();
        boolean batch = partition == Partition.BATCH;
        long wait = Math.max(0, allTat - now - limits.all().toleranceMicros());
        if (batch) {
            wait = Math.max(wait, batchTat - now - limits.batch().toleranceMicros());
        }
        if (wait > limits.maxWaitMicros()) {
            return -Math.max(1, wait - limits.maxWaitMicros());
        }
        // both buckets are booked from the departure (as in gcra.lua): a batch call held back by its own
        // bucket must not leave together with an interactive call the shared bucket admits meanwhile
        long departure = now + wait;
        allTat = Math.max(allTat, departure) + limits.all().intervalMicros();
        if (batch) {
            batchTat = Math.max(batchTat, departure) + limits.batch().intervalMicros();
        }
        return wait;
    }

    QuotaLimits limits() {
        return limits;
    }

    static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1000);
    }
}
