package konagw.gateway.quota;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code konagw.upstream.quota.fallback} (permits decided locally because Redis was unavailable),
 * {@code konagw.upstream.quota.rejected} (calls refused with 503) and {@code konagw.upstream.quota.wait}
 * (how long admitted calls waited for their permit), each by partition where it matters.
 */
final class QuotaMetrics {

    private final Counter fallbackInteractive;
    private final Counter fallbackBatch;
    private final Counter rejectedInteractive;
    private final Counter rejectedBatch;
    private final Timer waits;

    QuotaMetrics(MeterRegistry meters) {
        this.fallbackInteractive = fallback(meters, Partition.INTERACTIVE);
        this.fallbackBatch = fallback(meters, Partition.BATCH);
        this.rejectedInteractive = rejected(meters, Partition.INTERACTIVE);
        this.rejectedBatch = rejected(meters, Partition.BATCH);
        this.waits = Timer.builder("konagw.upstream.quota.wait")
                .description("time admitted upstream calls waited for a permit")
                .register(meters);
    }

    void fallback(Partition partition) {
        (partition == Partition.BATCH ? fallbackBatch : fallbackInteractive).increment();
    }

    void rejected(Partition partition) {
        (partition == Partition.BATCH ? rejectedBatch : rejectedInteractive).increment();
    }

    void waited(long micros) {
        waits.record(micros, TimeUnit.MICROSECONDS);
    }

    private static Counter fallback(MeterRegistry meters, Partition partition) {
        return Counter.builder("konagw.upstream.quota.fallback")
                .description("upstream permits decided by this instance alone because Redis was unavailable")
                .tag("partition", tag(partition))
                .register(meters);
    }

    private static Counter rejected(MeterRegistry meters, Partition partition) {
        return Counter.builder("konagw.upstream.quota.rejected")
                .description("upstream calls refused (503 900_001) for want of a permit within max-wait")
                .tag("partition", tag(partition))
                .register(meters);
    }

    private static String tag(Partition partition) {
        return partition.name().toLowerCase(java.util.Locale.ROOT);
    }
}
