package konagw.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.core.ReactiveRedisTemplate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Redis behind its own circuit breaker and a short timeout: a slow or dead Redis costs a request at most
 * {@code konagw.cache.redis-timeout}, and nothing at all while the breaker is open.
 */
public final class RedisCacheStore implements CacheStore {

    /** Keys per MGET: one round trip per chunk; on a cluster, Lettuce splits a chunk by slot. */
    static final int MGET_CHUNK = 500;

    /** Chunks in flight at once: Lettuce pipelines them on its one connection. */
    static final int PIPELINED_CHUNKS = 8;

    private final ReactiveRedisTemplate<String, byte[]> redis;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final RedisConnectionGate gate;

    public RedisCacheStore(ReactiveRedisTemplate<String, byte[]> redis, RedisConnectionGate gate, CircuitBreaker breaker,
            Duration timeout) {
        this.redis = redis;
        this.gate = gate;
        this.breaker = breaker;
        this.timeout = timeout;
    }

    @Override
    public Mono<byte[]> get(String key) {
        return guard(redis.opsForValue().get(key));
    }

    @Override
    public Mono<List<byte[]>> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        int chunks = (keys.size() + MGET_CHUNK - 1) / MGET_CHUNK;
        return Flux.range(0, chunks)
                .flatMapSequential(chunk -> guard(redis.opsForValue()
                        .multiGet(keys.subList(chunk * MGET_CHUNK, Math.min(keys.size(), (chunk + 1) * MGET_CHUNK)))),
                        PIPELINED_CHUNKS)
                .collect(() -> new ArrayList<byte[]>(keys.size()), List::addAll)
                .map(values -> (List<byte[]>) values);
    }

    @Override
    public Mono<Void> put(String key, byte[] value, Duration expiry) {
        return guard(redis.opsForValue().set(key, value, expiry)).then();
    }

    @Override
    public Mono<Void> delete(String key) {
        return guard(redis.delete(key)).then();
    }

    @Override
    public String kind() {
        return "redis";
    }

    private <T> Mono<T> guard(Mono<T> call) {
        return gate.whenOpen(call.timeout(timeout).transformDeferred(CircuitBreakerOperator.of(breaker)));
    }
}
