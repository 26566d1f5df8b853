package konagw.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import konagw.gateway.cache.CacheStore;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A store whose reads (single and many-key), while the test holds them, are made at once but answered only when the
 * test lets them go: what the store said before anything written since. The interleavings coalescing must survive
 * are made, not hoped for.
 */
public final class GatedStore implements CacheStore {

    private final CacheStore store;
    private final ConcurrentLinkedQueue<Sinks.Empty<Void>> held = new ConcurrentLinkedQueue<>();
    private volatile boolean holding;
    private volatile int reads;

    public GatedStore(CacheStore store) {
        this.store = store;
    }

    public void holdReads() {
        holding = true;
    }

    public void releaseOldestRead() {
        Sinks.Empty<Void> gate = held.poll();
        if (gate != null) {
            gate.tryEmitEmpty();
        }
    }

    public void releaseReads() {
        holding = false;
        for (Sinks.Empty<Void> gate; (gate = held.poll()) != null;) {
            gate.tryEmitEmpty();
        }
    }

    /** Reads made so far, a many-key read counting once. */
    public int reads() {
        return reads;
    }

    /** Reads made and not yet answered. */
    public int heldReads() {
        return held.size();
    }

    @Override
    public Mono<byte[]> get(String key) {
        return gated(store.get(key));
    }

    @Override
    public Mono<List<byte[]>> getAll(List<String> keys) {
        return gated(store.getAll(keys));
    }

    private <T> Mono<T> gated(Mono<T> read) {
        return Mono.defer(() -> {
            reads++;
            if (!holding) {
                return read;
            }
            Mono<T> answered = read.cache();
            answered.subscribe();
            Sinks.Empty<Void> gate = Sinks.empty();
            held.add(gate);
            return gate.asMono().then(answered);
        });
    }

    @Override
    public Mono<Boolean> put(String key, byte[] value, Duration expiry, Duration fetchedAgo) {
        return store.put(key, value, expiry, fetchedAgo);
    }

    @Override
    public Mono<Void> evict(String key, Duration hold) {
        return store.evict(key, hold);
    }

    @Override
    public String kind() {
        return "gated-memory";
    }
}
