package konagw.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Redis behind its own circuit breaker and a short timeout: a slow or dead Redis costs a request at most
 * {@code konagw.cache.redis-timeout}, and nothing at all while the breaker is open. Commands go through
 * Lettuce's asynchronous API on the shared connection ({@link RedisConnectionGate#withCommands}); on a
 * cluster, Lettuce routes each key to its slot and splits a multi-key read.
 */
public final class RedisCacheStore implements CacheStore {

    /** Keys per MGET: one round trip per chunk; on a cluster, Lettuce splits a chunk by slot. */
    static final int MGET_CHUNK = 500;

    /** Chunks in flight at once: Lettuce pipelines them on its one connection. */
    static final int PIPELINED_CHUNKS = 8;

    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final RedisConnectionGate gate;
    private final Scheduler timeouts;

    /** @param timeouts arms the per-call timeout */
    public RedisCacheStore(RedisConnectionGate gate, CircuitBreaker breaker, Duration timeout, Scheduler timeouts) {
        this.gate = gate;
        this.timeouts = timeouts;
        this.breaker = breaker;
        this.timeout = timeout;
    }

    @Override
    public Mono<byte[]> get(String key) {
        return guard(redis -> redis.get(bytes(key)));
    }

    @Override
    public Mono<List<byte[]>> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        int chunks = (keys.size() + MGET_CHUNK - 1) / MGET_CHUNK;
        return Flux.range(0, chunks)
                .flatMapSequential(chunk -> guard(redis -> redis.mget(bytes(
                        keys.subList(chunk * MGET_CHUNK, Math.min(keys.size(), (chunk + 1) * MGET_CHUNK))))),
                        PIPELINED_CHUNKS)
                .collect(() -> new ArrayList<byte[]>(keys.size()), (values, chunk) -> {
                    for (KeyValue<byte[], byte[]> entry : chunk) {
                        values.add(entry.getValueOrElse(null));
                    }
                })
                .map(values -> (List<byte[]>) values);
    }

    @Override
    public Mono<Void> put(String key, byte[] value, Duration expiry) {
        return guard(redis -> redis.set(bytes(key), value, SetArgs.Builder.px(expiry.toMillis()))).then();
    }

    @Override
    public Mono<Void> delete(String key) {
        return guard(redis -> redis.del(bytes(key))).then();
    }

    @Override
    public String kind() {
        return "redis";
    }

    private <T> Mono<T> guard(Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
        return gate.whenOpen(gate.withCommands(command).timeout(timeout, timeouts)
                .transformDeferred(CircuitBreakerOperator.of(breaker)));
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] bytes(List<String> keys) {
        byte[][] raw = new byte[keys.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = bytes(keys.get(i));
        }
        return raw;
    }
}
