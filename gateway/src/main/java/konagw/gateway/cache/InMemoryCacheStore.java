package konagw.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
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
            return hit == null ? null : hit.value();
        });
    }

    @Override
    public Mono<List<byte[]>> getAll(List<String> keys) {
        return Mono.fromSupplier(() -> {
            List<byte[]> values = new ArrayList<>(keys.size());
            for (String key : keys) {
                Expiring hit = entries.getIfPresent(key);
                values.add(hit == null ? null : hit.value());
            }
            return values;
        });
    }

    @Override
    public Mono<Void> put(String key, byte[] value, Duration expiry) {
        return Mono.fromRunnable(() -> entries.put(key, new Expiring(value, expiry.toNanos())));
    }

    @Override
    public Mono<Void> delete(String key) {
        return Mono.fromRunnable(() -> entries.invalidate(key));
    }

    @Override
    public String kind() {
        return "memory";
    }
}
