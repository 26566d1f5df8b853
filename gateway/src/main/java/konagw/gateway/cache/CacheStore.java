package konagw.gateway.cache;

import java.time.Duration;
import java.util.Arrays;
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

    /**
     * Stores the value unless the key holds the tombstone of an eviction that came after the value was fetched.
     * @param fetchedAgo how long ago the upstream call that produced the value began (measured by the caller's
     *                   monotonic clock, so replicas need no common wall clock)
     * @return whether it was stored
     */
    Mono<Boolean> put(String key, byte[] value, Duration expiry, Duration fetchedAgo);

    /**
     * Removes the value and leaves a tombstone for {@code hold}: reads see nothing, and a value whose upstream call
     * began before the eviction (a call in flight, on any replica) is refused, so it cannot put the old answer back.
     * Values fetched after the eviction are stored as usual.
     */
    Mono<Void> evict(String key, Duration hold);

    /**
     * A value fetched within this much after an eviction is refused too: the time a write spends on its way to the
     * store shortens the age it reports (well under a millisecond on a healthy network).
     */
    Duration EVICTION_MARGIN = Duration.ofMillis(50);

    /**
     * What an evicted key holds meanwhile: {@link Tombstone#PREFIX} and the time of the eviction; it starts with a
     * zero byte, and sealed values start with their version (1), so it is never mistaken for one.
     */
    static boolean isTombstone(byte[] value) {
        return value != null && value.length >= Tombstone.PREFIX.length
                && Arrays.equals(value, 0, Tombstone.PREFIX.length, Tombstone.PREFIX, 0, Tombstone.PREFIX.length);
    }

    /** The tombstone's prefix. */
    final class Tombstone {
        static final byte[] PREFIX = {0, 'e', 'v', 'i', 'c', 't', 'e', 'd', ':'};

        private Tombstone() {
        }
    }

    /** "redis" or "memory", for logs, metrics and health. */
    String kind();
}
