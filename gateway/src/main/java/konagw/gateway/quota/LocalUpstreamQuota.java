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
        long allStart = Math.max(allTat, now);
        long wait = allStart - now - limits.all().toleranceMicros();
        long batchStart = 0;
        if (partition == Partition.BATCH) {
            batchStart = Math.max(batchTat, now);
            wait = Math.max(wait, batchStart - now - limits.batch().toleranceMicros());
        }
        wait = Math.max(0, wait);
        if (wait > limits.maxWaitMicros()) {
            return -Math.max(1, wait - limits.maxWaitMicros());
        }
        allTat = allStart + limits.all().intervalMicros();
        if (partition == Partition.BATCH) {
            batchTat = batchStart + limits.batch().intervalMicros();
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
