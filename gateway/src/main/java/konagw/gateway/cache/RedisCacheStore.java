package konagw.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
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
    public static final int MGET_CHUNK = 500;

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

    /**
     * SET unless the key holds the tombstone of an eviction made after the value's upstream call began, in one step
     * (the age of the value is measured by the writer, the time of the eviction by Redis: no common clock needed).
     * ARGV: value, ttl ms, tombstone prefix, age µs, margin µs.
     */
    private static final String PUT_SCRIPT = """
            local current = redis.call('GET', KEYS[1])
            if current and string.sub(current, 1, #ARGV[3]) == ARGV[3] then
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
              if now - tonumber(ARGV[4]) - tonumber(ARGV[5]) <= tonumber(string.sub(current, #ARGV[3] + 1)) then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1""";
    private static final String PUT_SHA = sha1(PUT_SCRIPT);
    /** The tombstone, stamped with Redis's clock. ARGV: tombstone prefix, hold ms. */
    private static final String EVICT_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            redis.call('SET', KEYS[1], ARGV[1] .. string.format('%.0f', now), 'PX', ARGV[2])
            return 1""";
    private static final String EVICT_SHA = sha1(EVICT_SCRIPT);
    private static final byte[] MARGIN_MICROS = ascii(CacheStore.EVICTION_MARGIN.toNanos() / 1000);

    @Override
    public Mono<byte[]> get(String key) {
        return guard(redis -> redis.get(bytes(key))).filter(value -> !CacheStore.isTombstone(value));
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
                        byte[] value = entry.getValueOrElse(null);
                        values.add(CacheStore.isTombstone(value) ? null : value);
                    }
                })
                .map(values -> (List<byte[]>) values);
    }

    @Override
    public Mono<Boolean> put(String key, byte[] value, Duration expiry, Duration fetchedAgo) {
        byte[][] keys = {bytes(key)};
        byte[][] args = {value, ascii(Math.max(1, expiry.toMillis())), Tombstone.PREFIX,
            ascii(Math.max(0, fetchedAgo.toNanos() / 1000)), MARGIN_MICROS};
        return guard(redis -> script(redis, PUT_SHA, PUT_SCRIPT, keys, args)).map(stored -> stored == 1L);
    }

    @Override
    public Mono<Void> evict(String key, Duration hold) {
        byte[][] keys = {bytes(key)};
        byte[][] args = {Tombstone.PREFIX, ascii(Math.max(1, hold.toMillis()))};
        return guard(redis -> script(redis, EVICT_SHA, EVICT_SCRIPT, keys, args)).then();
    }

    /** EVALSHA, and EVAL once when Redis does not know the script yet (a restart, a failover). */
    private static CompletionStage<Long> script(RedisClusterAsyncCommands<byte[], byte[]> redis, String sha,
            String script, byte[][] keys, byte[][] args) {
        return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args)
                .exceptionallyCompose(failure -> isNoScript(failure)
                        ? redis.<Long>eval(script, ScriptOutputType.INTEGER, keys, args)
                        : CompletableFuture.failedFuture(failure));
    }

    private static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isNoScript(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof RedisNoScriptException;
    }

    @Override
    public String kind() {
        return "redis";
    }

    private <T> Mono<T> guard(Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
        return gate.whenOpen(gate.withCommands(command).timeout(timeout, timeouts)
                .transformDeferred(CircuitBreakerOperator.of(breaker)));
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
