package konagw.gateway.callbacks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.SetArgs;
import konagw.gateway.cache.RedisConnectionGate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Accepted callbacks in Redis, shared by every replica: {@code SET key 1 NX PX ttl}. A Redis failure is an error
 * (the caller answers 503 so that the vendor delivers again), never a silent accept.
 */
final class RedisReplayGuard implements ReplayGuard {

    private static final byte[] ONE = {'1'};

    private final RedisConnectionGate gate;
    private final long ttlMillis;
    private final Duration timeout;
    private final Scheduler timeouts;

    RedisReplayGuard(RedisConnectionGate gate, Duration ttl, Duration timeout, Scheduler timeouts) {
        this.gate = gate;
        this.ttlMillis = ttl.toMillis();
        this.timeout = timeout;
        this.timeouts = timeouts;
    }

    @Override
    public Mono<Boolean> claim(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        // SET NX answers OK when set and nothing (an empty Mono) when the key exists
        return gate.whenOpen(gate.withCommands(c -> c.set(k, ONE, SetArgs.Builder.nx().px(ttlMillis)))
                        .timeout(timeout, timeouts))
                .map("OK"::equals)
                .defaultIfEmpty(false);
    }

    @Override
    public Mono<Void> release(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return gate.whenOpen(gate.withCommands(c -> c.del(k)).timeout(timeout, timeouts)).then();
    }

    @Override
    public String kind() {
        return "redis";
    }
}
