package konagw.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers correlation ids so that a repeated one is rejected, in bounded memory: an id is only kept while its own
 * timestamp is inside the skew window (older ids are rejected by the window check anyway). Ids are grouped by their
 * 12-digit timestamp; each group holds the 7-hex suffixes as primitive ints (4-8 bytes an id), and a group is dropped
 * once its newest possible use has left the window. Hex case is ignored: {@code ...-00000ab} repeats {@code ...-00000AB}.
 */
final class SeenCorrelationIds {

    private final long retentionMillis;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis = new AtomicLong();

    SeenCorrelationIds(Duration skew) {
        // one extra second: the id timestamps have second precision and threads read the clock at slightly different times
        this.retentionMillis = skew.toMillis() + 2_000;
    }

    /**
     * Records a well-formed id ({@code yyMMddHHmmss-xxxxxxx}) whose timestamp {@code idTime} has been checked against
     * the window; returns false when it had been seen before.
     */
    boolean firstSeen(String correlationId, Instant idTime, Instant now) {
        long timestampDigits = Long.parseLong(correlationId, 0, 12, 10);
        int suffix = Integer.parseInt(correlationId, 13, 20, 16);
        long expiresAt = idTime.toEpochMilli() + retentionMillis;
        Bucket bucket = buckets.computeIfAbsent(timestampDigits, k -> new Bucket());
        boolean added = bucket.add(suffix, expiresAt);
        sweepIfDue(now.toEpochMilli());
        return added;
    }

    /** Ids currently remembered (for tests and stats). */
    long size() {
        long n = 0;
        for (Bucket b : buckets.values()) {
            n += b.size();
        }
        return n;
    }

    int buckets() {
        return buckets.size();
    }

    private void sweepIfDue(long nowMillis) {
        long due = nextSweepMillis.get();
        if (nowMillis < due || !nextSweepMillis.compareAndSet(due, nowMillis + 1_000)) {
            return;
        }
        buckets.values().removeIf(b -> b.expiredAt(nowMillis));
    }

    /** An open-addressing set of non-negative ints; -1 marks a free slot. */
    private static final class Bucket {
        private int[] slots = filled(64);
        private int size;
        private long expiresAt;

        synchronized boolean add(int value, long expiresAt) {
            if (expiresAt > this.expiresAt) {
                this.expiresAt = expiresAt;
            }
            if (size * 2 >= slots.length) {
                grow();
            }
            if (!insert(slots, value)) {
                return false;
            }
            size++;
            return true;
        }

        synchronized int size() {
            return size;
        }

        synchronized boolean expiredAt(long nowMillis) {
            return nowMillis > expiresAt;
        }

        private void grow() {
            int[] bigger = filled(slots.length * 2);
            for (int v : slots) {
                if (v >= 0) {
                    insert(bigger, v);
                }
            }
            slots = bigger;
        }

        private static boolean insert(int[] table, int value) {
            int mask = table.length - 1;
            int i = mix(value) & mask;
            while (true) {
                int current = table[i];
                if (current == value) {
                    return false;
                }
                if (current < 0) {
                    table[i] = value;
                    return true;
                }
                i = (i + 1) & mask;
            }
        }

        private static int mix(int v) {
            int h = v * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        private static int[] filled(int n) {
            int[] a = new int[n];
            Arrays.fill(a, -1);
            return a;
        }
    }
}
