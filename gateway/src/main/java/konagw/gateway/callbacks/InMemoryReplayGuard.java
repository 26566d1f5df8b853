package konagw.gateway.callbacks;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import reactor.core.publisher.Mono;

/** One replica's memory of accepted callbacks (no Redis configured: local use). Entries expire after the window. */
final class InMemoryReplayGuard implements ReplayGuard {

    private final Cache<String, Boolean> claimed;

    InMemoryReplayGuard(Duration ttl, long maxEntries, Ticker ticker) {
        this.claimed = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).ticker(ticker).build();
    }

    @Override
    public Mono<Boolean> claim(String key) {
        // an expired entry counts as absent in the map view, so a claim after the window succeeds
        return Mono.fromSupplier(() -> claimed.asMap().putIfAbsent(key, Boolean.TRUE) == null);
    }

    @Override
    public Mono<Void> release(String key) {
        return Mono.fromRunnable(() -> claimed.invalidate(key));
    }

    @Override
    public String kind() {
        return "in-memory";
    }
}
