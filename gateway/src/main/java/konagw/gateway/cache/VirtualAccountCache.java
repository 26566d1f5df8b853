package konagw.gateway.cache;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Sealed entries in a {@link CacheStore}, degrading instead of failing: a store error reads as a miss and
 * a lost write is only counted. The card-to-key derivation lives in {@link CacheKeys}; this class sees
 * only keyed hashes.
 */
public final class VirtualAccountCache {

    private static final Logger log = LoggerFactory.getLogger(VirtualAccountCache.class);

    private final CacheStore store;
    private final CacheValueSealer sealer;
    private final Counter storeErrors;
    private final Counter corruptValues;

    public VirtualAccountCache(CacheStore store, CacheValueSealer sealer, MeterRegistry meters) {
        this.store = store;
        this.sealer = sealer;
        this.storeErrors = Counter.builder("konagw.cache.store.errors")
                .description("cache store operations that failed or timed out (served without the cache)")
                .tag("store", store.kind()).register(meters);
        this.corruptValues = Counter.builder("konagw.cache.corrupt.values")
                .description("cache values that failed authentication or decoding (treated as misses)")
                .register(meters);
    }

    public Mono<CacheEntry> read(String key) {
        return store.get(key)
                .map(sealed -> sealer.open(key, sealed))
                .onErrorResume(this::degradeRead);
    }

    /** Entries in key order, {@code null} where absent, unreadable or when the store failed. */
    public Mono<List<CacheEntry>> readAll(List<String> keys) {
        return store.getAll(keys)
                .map(values -> {
                    List<CacheEntry> entries = new ArrayList<>(values.size());
                    for (int i = 0; i < values.size(); i++) {
                        entries.add(openOrNull(keys.get(i), values.get(i)));
                    }
                    return entries;
                })
                .onErrorResume(e -> degradeRead(e).then(Mono.fromSupplier(() -> {
                    List<CacheEntry> none = new ArrayList<>(keys.size());
                    for (int i = 0; i < keys.size(); i++) {
                        none.add(null);
                    }
                    return none;
                })));
    }

    public Mono<Void> write(String key, CachePolicy.Placement placement) {
        return Mono.fromSupplier(() -> sealer.seal(key, placement.entry()))
                .flatMap(sealed -> store.put(key, sealed, placement.retain()))
                .onErrorResume(e -> {
                    storeErrors.increment();
                    log.debug("cache write skipped: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** Eviction is the one operation whose failure the caller must hear about. */
    public Mono<Void> evict(String key) {
        return store.delete(key);
    }

    public String storeKind() {
        return store.kind();
    }

    private CacheEntry openOrNull(String key, byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return sealer.open(key, sealed);
        } catch (CorruptCacheValueException e) {
            corruptValues.increment();
            return null;
        }
    }

    private Mono<CacheEntry> degradeRead(Throwable e) {
        if (e instanceof CorruptCacheValueException) {
            corruptValues.increment();
        } else {
            storeErrors.increment();
            log.debug("cache read skipped: {}", e.toString());
        }
        return Mono.empty();
    }
}
