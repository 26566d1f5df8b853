package konagw.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.tracing.Spans;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sealed entries in a {@link CacheStore}, degrading instead of failing: a store error reads as a miss and
 * a lost write is only counted. The card-to-key derivation lives in {@link CacheKeys}; this class sees
 * only keyed hashes. With a {@link NearCache}, single reads of fresh entries are answered in process; batch
 * reads always go to the store (a batch would only churn the near cache).
 */
public final class VirtualAccountCache {

    private static final Logger log = LoggerFactory.getLogger(VirtualAccountCache.class);
    static final long DEFAULT_EVICTION_HOLD_SECONDS = 10;
    /** The span of a cache read: {@code konagw.cache.store} (near, redis, memory), {@code konagw.cache.result}. */
    public static final String READ_SPAN = "konagw.cache.read";

    private final CacheStore store;
    private final CacheValueSealer sealer;
    private final Counter storeErrors;
    private final Counter corruptValues;
    private final NearCache near;
    private final NearCacheInvalidation invalidation;
    private final Scheduler bulkOpening;
    private final Duration evictionHold;
    private final Spans spans;

    /** Without a near cache; an eviction's tombstone holds {@value #DEFAULT_EVICTION_HOLD_SECONDS} s. */
    public VirtualAccountCache(CacheStore store, CacheValueSealer sealer, MeterRegistry meters) {
        this(store, sealer, null, null, Schedulers.immediate(), Duration.ofSeconds(DEFAULT_EVICTION_HOLD_SECONDS),
                meters, Spans.NONE);
    }

    /**
     * @param near         and {@code invalidation}: both present, or both {@code null} for no near cache
     * @param bulkOpening  where the values of a multi-key read are opened: not the store's I/O thread, which
     *                     would otherwise decrypt every batch of every caller on one core
     * @param evictionHold how long an evicted key refuses writes: longer than any upstream call that may have been
     *                     in flight at the eviction takes to answer and write back
     * @param spans        a {@value #READ_SPAN} span per store read, when tracing is on
     */
    public VirtualAccountCache(CacheStore store, CacheValueSealer sealer, NearCache near,
            NearCacheInvalidation invalidation, Scheduler bulkOpening, Duration evictionHold, MeterRegistry meters,
            Spans spans) {
        this.spans = spans;
        if ((near == null) != (invalidation == null)) {
            throw new IllegalArgumentException("a near cache needs its invalidation channel");
        }
        this.store = store;
        this.sealer = sealer;
        this.near = near;
        this.invalidation = invalidation;
        this.bulkOpening = bulkOpening;
        this.evictionHold = evictionHold;
        this.storeErrors = Counter.builder("konagw.cache.store.errors")
                .description("cache store operations that failed or timed out (served without the cache)")
                .tag("store", store.kind()).register(meters);
        this.corruptValues = Counter.builder("konagw.cache.corrupt.values")
                .description("cache values that failed authentication or decoding (treated as misses)")
                .register(meters);
    }

    public Mono<CacheEntry> read(String key) {
        CacheEntry held = near(key);
        return held != null ? Mono.just(held) : readStore(key);
    }

    /** The near cache's copy, or {@code null}: answered in process, no store read. */
    public CacheEntry near(String key) {
        if (near != null) {
            byte[] held = near.get(key);
            if (held != null) {
                CacheEntry entry = openOrNull(key, held);
                if (entry != null) {
                    return entry;
                }
                near.drop(key);
            }
        }
        return null;
    }

    /** The store's entry (kept in the near cache, if any), past the near cache. */
    public Mono<CacheEntry> readStore(String key) {
        long mark = near == null ? 0 : near.mark();
        Mono<CacheEntry> stored = store.get(key).map(sealed -> {
            CacheEntry entry = sealer.open(key, sealed);
            if (near != null) {
                near.hold(key, sealed, entry, mark);
            }
            return entry;
        });
        Mono<CacheEntry> read = stored.onErrorResume(this::degradeRead);
        return spans.active() ? spans.around(read, READ_SPAN, KeyValues.of("konagw.cache.store", store.kind(),
                "konagw.cache.result", "cancelled"),
                (span, entry) -> span.lowCardinalityKeyValue("konagw.cache.result", entry != null ? "hit" : "miss"))
                : read;
    }

    /** A near-cache hit, answered in process, as a {@value #READ_SPAN} span when tracing is on. */
    public <T> Mono<T> nearHit(Mono<T> answer) {
        return spans.active() ? spans.instant(answer, READ_SPAN,
                KeyValues.of("konagw.cache.store", "near", "konagw.cache.result", "hit")) : answer;
    }

    /** Entries in key order, {@code null} where absent, unreadable or when the store failed. */
    public Mono<List<CacheEntry>> readAll(List<String> keys) {
        Mono<List<CacheEntry>> read = readAllUntraced(keys);
        return spans.active() ? spans.around(read, READ_SPAN, KeyValues.of("konagw.cache.store", store.kind(),
                "konagw.cache.result", "bulk"), (span, entries) -> span.highCardinalityKeyValue("konagw.cache.keys",
                Integer.toString(keys.size()))) : read;
    }

    private Mono<List<CacheEntry>> readAllUntraced(List<String> keys) {
        return store.getAll(keys)
                .publishOn(bulkOpening)
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

    /**
     * Writes an answer back. The near copy is held only once the store took the value (a tombstone refuses one
     * whose upstream call began before an eviction), or when the store failed (Redis down: the near cache is all
     * there is), and not when a drop for the key arrived meanwhile.
     * @param fetchedAtNanos {@link System#nanoTime} when the upstream call that produced the entry began
     */
    public Mono<Void> write(String key, CachePolicy.Placement placement, long fetchedAtNanos) {
        return Mono.defer(() -> {
            long mark = near == null ? 0 : near.mark();
            byte[] sealed = sealer.seal(key, placement.entry());
            return store.put(key, sealed, placement.retain(), Duration.ofNanos(System.nanoTime() - fetchedAtNanos))
                    .onErrorResume(e -> {
                        storeErrors.increment();
                        log.debug("cache write skipped: {}", e.toString());
                        return Mono.just(true);
                    })
                    .doOnNext(stored -> {
                        if (stored && near != null) {
                            near.hold(key, sealed, placement.entry(), mark);
                        }
                    })
                    .then();
        }).onErrorResume(e -> {
            storeErrors.increment();
            log.debug("cache write skipped: {}", e.toString());
            return Mono.empty();
        });
    }

    /**
     * Eviction is the one operation whose failure the caller must hear about. It completes once the entry is gone
     * from the store — a tombstone that refuses writes for {@code evictionHold}, so a call in flight on any replica
     * cannot put the old answer back — and every replica has been told to drop its near copy.
     */
    public Mono<Void> evict(String key) {
        Mono<Void> deleted = store.evict(key, evictionHold);
        return invalidation == null ? deleted : deleted.then(Mono.defer(() -> invalidation.broadcast(key)));
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
