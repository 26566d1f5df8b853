package konagw.gateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * A small in-process copy of fresh entries in front of Redis, so a hot card costs no Redis round trip.
 * It holds the sealed bytes (never an account in clear), each no longer than its entry stays fresh and
 * no longer than {@code konagw.cache.near.ttl}: that ttl bounds how long a replica can miss an eviction
 * made elsewhere if the pub/sub message that normally reaches it within milliseconds is lost.
 * Stale entries are never held here; stale-if-error always reads Redis.
 */
public final class NearCache {

    /** Sealed bytes and the instant they stop being served from here. */
    private record Held(byte[] sealed, Instant until) {
    }

    private final Cache<String, Held> held;
    /** Moves on every drop: a read that began before an eviction must not put the old value back. */
    private final AtomicLong drops = new AtomicLong();
    private final Clock clock;
    private final Duration ttl;

    public NearCache(Duration ttl, long maxEntries, Clock clock, Ticker ticker, MeterRegistry meters) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a near cache needs a positive ttl");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.held = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                // upkeep on the calling thread, amortized: a hand-off to the common pool costs more than the work
                .executor(Runnable::run)
                .recordStats()
                .expireAfter(new Expiry<String, Held>() {
                    @Override
                    public long expireAfterCreate(String key, Held value, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), value.until()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Held value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Held value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        CaffeineCacheMetrics.monitor(meters, held, "konagw.near");
    }

    /** The sealed value held for this key, or {@code null}. */
    public byte[] get(String key) {
        Held hit = held.getIfPresent(key);
        if (hit == null) {
            return null;
        }
        if (!clock.instant().isBefore(hit.until())) {
            // the wall clock decides freshness everywhere else; the ticker only reclaims memory
            held.asMap().remove(key, hit);
            return null;
        }
        return hit.sealed();
    }

    /** A mark to pass to {@link #hold} by a caller about to read the store. */
    public long mark() {
        return drops.get();
    }

    /**
     * Holds a fresh entry until it turns stale or the ttl ends, whichever comes first; not if anything was
     * dropped since {@code mark} (evictions are rare, so skipping a hold then costs almost nothing).
     */
    public void hold(String key, byte[] sealed, CacheEntry entry, long mark) {
        Instant now = clock.instant();
        if (!entry.freshAt(now) || drops.get() != mark) {
            return;
        }
        Instant cap = now.plus(ttl);
        Held fresh = new Held(sealed, entry.freshUntil().isBefore(cap) ? entry.freshUntil() : cap);
        // check and put under the key's lock: a drop that moves the mark before the check wins, one that moves it
        // after waits for the put and then removes it (drop counts first, then invalidates)
        held.asMap().compute(key, (k, old) -> drops.get() == mark ? fresh : old);
        if (drops.get() != mark) {
            // a dropAll walks the map without the key's lock and can pass the key while the put is in progress
            held.asMap().remove(key, fresh);
        }
    }

    public void drop(String key) {
        drops.incrementAndGet();
        held.invalidate(key);
    }

    public void dropAll() {
        drops.incrementAndGet();
        held.invalidateAll();
    }

    long size() {
        held.cleanUp();
        return held.estimatedSize();
    }
}
