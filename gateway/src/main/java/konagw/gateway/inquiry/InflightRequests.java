package konagw.gateway.inquiry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Request coalescing: while a call for a key is in flight, later callers for the same key join it
 * instead of starting another. The entry stays until the call's follow-up (the cache write) has landed,
 * so a caller whose cache read missed just before that write still joins rather than calling again.
 * Then it leaves the map: a later caller starts afresh and failures are never remembered. A joined call
 * keeps running when one of its callers goes away.
 */
public final class InflightRequests<T> {

    private final ConcurrentMap<String, Mono<T>> inflight = new ConcurrentHashMap<>();

    /** The result, and whether this caller joined a call started by another. */
    public record Joined<T>(Mono<T> result, boolean coalesced) {
    }

    public Joined<T> join(String key, Supplier<Mono<T>> call) {
        return join(key, call, value -> Mono.empty());
    }

    /**
     * @param followUp work that must land before the key is released (never delays the callers' result)
     */
    public Joined<T> join(String key, Supplier<Mono<T>> call, Function<T, Mono<?>> followUp) {
        Mono<T> running = inflight.get(key);
        if (running != null) {
            return new Joined<>(running, true);
        }
        Mono<T> started = Mono.defer(call).cache();
        Mono<T> raced = inflight.putIfAbsent(key, started);
        if (raced != null) {
            return new Joined<>(raced, true);
        }
        started.flatMap(value -> followUp.apply(value).then())
                .onErrorResume(failure -> Mono.empty())
                .doFinally(signal -> inflight.remove(key, started))
                // the call runs in this detached subscription: it takes the starting caller's context (the
                // request's log MDC), not an empty one
                .contextCapture()
                .subscribe();
        return new Joined<>(started, false);
    }

    public int size() {
        return inflight.size();
    }
}
