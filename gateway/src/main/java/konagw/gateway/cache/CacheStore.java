package konagw.gateway.cache;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where sealed values live: Redis, or memory for the local default. Values are opaque sealed bytes, so
 * both stores have the same semantics and neither ever holds a card or account number in clear.
 * A store fails fast (bounded timeout) and reports failures as errors; the caller decides to degrade.
 */
public interface CacheStore {

    Mono<byte[]> get(String key);

    /** Values in key order, {@code null} where a key is absent. One round trip per chunk of keys. */
    Mono<List<byte[]>> getAll(List<String> keys);

    Mono<Void> put(String key, byte[] value, Duration expiry);

    Mono<Void> delete(String key);

    /** "redis" or "memory", for logs, metrics and health. */
    String kind();
}
