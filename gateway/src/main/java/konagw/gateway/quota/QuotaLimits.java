package konagw.gateway.quota;

import java.time.Duration;

/**
 * The buckets as GCRA parameters (generic cell rate algorithm: one "theoretical arrival time" per bucket).
 * A bucket of rate r and burst b admits a call when {@code tat - now <= tolerance}, with
 * {@code interval = 1/r} and {@code tolerance = (b - 1) × interval}, then moves {@code tat} on by one interval.
 * Over any window W it admits at most {@code r × W + b} calls. With {@code maxWait > 0} a call that would be
 * admitted within maxWait reserves its slot and waits for it.
 *
 * @param all   the shared bucket (the vendor quota)
 * @param batch the batch bucket ({@code batch-share} of the rate and burst)
 */
record QuotaLimits(Bucket all, Bucket batch, long maxWaitMicros) {

    record Bucket(double permitsPerSecond, int burst, long intervalMicros, long toleranceMicros) {

        static Bucket of(double permitsPerSecond, int burst) {
            long interval = Math.max(1, Math.round(1_000_000d / permitsPerSecond));
            return new Bucket(permitsPerSecond, burst, interval, (long) (burst - 1) * interval);
        }
    }

    static QuotaLimits of(double permitsPerSecond, int burst, double batchShare, Duration maxWait) {
        return new QuotaLimits(Bucket.of(permitsPerSecond, burst),
                Bucket.of(permitsPerSecond * batchShare, Math.max(1, (int) Math.floor(burst * batchShare))),
                maxWait.toNanos() / 1000);
    }

    /** The same limits divided among {@code replicas} instances (the fallback while Redis is unavailable). */
    QuotaLimits share(int replicas) {
        return of(all.permitsPerSecond() / replicas, Math.max(1, all.burst() / replicas),
                batch.permitsPerSecond() / all.permitsPerSecond(), java.time.Duration.ofNanos(maxWaitMicros * 1000));
    }
}
