package konagw.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import reactor.core.publisher.Mono;

/** The local default when no Redis is configured: bounded, per-entry expiry, same sealed values. */
public final class InMemoryCacheStore implements CacheStore {

    private record Expiring(byte[] value, long expiryNanos) {
    }

    private final Cache<String, Expiring> entries;

    public InMemoryCacheStore(long maxEntries, Ticker ticker) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Expiring>() {
                    @Override
                    public long expireAfterCreate(String key, Expiring value, long currentTime) {
                        return value.expiryNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Expiring value, long currentTime, long currentDuration) {
                        return value.expiryNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Expiring value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Mono<byte[]> get(String key) {
        return Mono.fromSupplier(() -> {
            Expiring hit = entries.getIfPresent(key);
            return hit == null || CacheStore.isTombstone(hit.value()) ? null : hit.value();
        });
    }

    @Override
    public Mono<List<byte[]>> getAll(List<String> keys) {
        return Mono.fromSupplier(() -> {
            List<byte[]> values = new ArrayList<>(keys.size());
            for (String key : keys) {
                Expiring hit = entries.getIfPresent(key);
                values.add(hit == null || CacheStore.isTombstone(hit.value()) ? null : hit.value());
            }
            return values;
        });
    }

    @Override
    public Mono<Boolean> put(String key, byte[] value, Duration expiry, Duration fetchedAgo) {
        return Mono.fromSupplier(() -> {
            long fetchedAt = System.nanoTime() - fetchedAgo.toNanos();
            Expiring fresh = new Expiring(value, expiry.toNanos());
            Expiring now = entries.asMap().compute(key, (k, current) -> current != null
                    && CacheStore.isTombstone(current.value())
                    && fetchedAt - EVICTION_MARGIN.toNanos() <= evictedAt(current.value()) ? current : fresh);
            return now == fresh;
        });
    }

    @Override
    public Mono<Void> evict(String key, Duration hold) {
        return Mono.fromRunnable(() -> entries.put(key, new Expiring(tombstone(System.nanoTime()), hold.toNanos())));
    }

    private static byte[] tombstone(long evictedAtNanos) {
        byte[] time = Long.toString(evictedAtNanos).getBytes(StandardCharsets.US_ASCII);
        byte[] value = Arrays.copyOf(Tombstone.PREFIX, Tombstone.PREFIX.length + time.length);
        System.arraycopy(time, 0, value, Tombstone.PREFIX.length, time.length);
        return value;
    }

    private static long evictedAt(byte[] tombstone) {
        return Long.parseLong(new String(tombstone, Tombstone.PREFIX.length, tombstone.length - Tombstone.PREFIX.length,
                StandardCharsets.US_ASCII));
    }

    @Override
    public String kind() {
        return "memory";
    }
}
