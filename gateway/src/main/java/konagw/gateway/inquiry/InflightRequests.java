package konagw.gateway.inquiry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Request coalescing: while a call for a key is in flight, later callers for the same key join it
 * instead of starting another. The entry leaves the map when the call ends, so a later caller starts
 * afresh and failures are never remembered. A joined call keeps running when one of its callers
 * goes away.
 */
public final class InflightRequests<T> {

    private final ConcurrentMap<String, Mono<T>> inflight = new ConcurrentHashMap<>();

    /** The result, and whether this caller joined a call started by another. */
    public record Joined<T>(Mono<T> result, boolean coalesced) {
    }

    public Joined<T> join(String key, Supplier<Mono<T>> call) {
        Mono<T> running = inflight.get(key);
        if (running != null) {
            return new Joined<>(running, true);
        }
        AtomicReference<Mono<T>> self = new AtomicReference<>();
        Mono<T> started = Mono.defer(call)
                .doFinally(signal -> inflight.remove(key, self.get()))
                .cache();
        self.set(started);
        Mono<T> raced = inflight.putIfAbsent(key, started);
        return raced == null ? new Joined<>(started, false) : new Joined<>(raced, true);
    }

    public int size() {
        return inflight.size();
    }
}
