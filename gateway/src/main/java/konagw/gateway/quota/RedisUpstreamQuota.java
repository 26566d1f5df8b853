package konagw.gateway.quota;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.RedisScripts;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The quota every replica shares: one Lua script per permit (GCRA over the shared bucket, and the batch bucket
 * for batch calls, all or nothing; the clock is Redis {@code TIME}). Redis errors, timeouts and the open
 * {@code redis} breaker make the decision local instead: {@link LocalUpstreamQuota} with this instance's share
 * of the rate, never unlimited. Counted in {@code konagw.upstream.quota.fallback}; logged once per transition.
 */
final class RedisUpstreamQuota implements UpstreamQuota {

    /** Hash-tagged so that both keys live in one Redis Cluster slot (a script may only touch one). */
    static final String KEY_PREFIX = "konagw:quota:v1:{konaplate}:";
    static final String ALL_KEY = KEY_PREFIX + "all";
    static final String BATCH_KEY = KEY_PREFIX + "batch";

    private static final Logger log = LoggerFactory.getLogger(RedisUpstreamQuota.class);
    /** Read once: a resource-backed script re-reads its file (blocking I/O) on every call to check for changes. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT = RedisScripts.of(
            RedisScripts.text(new ClassPathResource("konagw/quota/gcra.lua")), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisConnectionGate gate;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final LocalUpstreamQuota fallback;
    private final Scheduler timeouts;
    private final QuotaMetrics metrics;
    private final AtomicBoolean local = new AtomicBoolean();
    private final List<String> allKeys = List.of(ALL_KEY);
    private final List<String> batchKeys = List.of(ALL_KEY, BATCH_KEY);
    private final List<String> allArgs;
    private final List<String> batchArgs;

    /** @param timeouts arms the Redis call's timeout (the permit wait itself stays on Reactor's precise timer) */
    RedisUpstreamQuota(ReactiveStringRedisTemplate redis, RedisConnectionGate gate, CircuitBreaker breaker, Duration timeout,
            Scheduler timeouts, QuotaLimits limits, LocalUpstreamQuota fallback, QuotaMetrics metrics,
            MeterRegistry meters) {
        this.redis = redis;
        this.timeouts = timeouts;
        this.gate = gate;
        this.breaker = breaker;
        this.timeout = timeout;
        this.fallback = fallback;
        this.metrics = metrics;
        String maxWait = Long.toString(limits.maxWaitMicros());
        this.allArgs = List.of(Long.toString(limits.all().intervalMicros()),
                Long.toString(limits.all().toleranceMicros()), maxWait);
        this.batchArgs = List.of(Long.toString(limits.all().intervalMicros()),
                Long.toString(limits.all().toleranceMicros()), Long.toString(limits.batch().intervalMicros()),
                Long.toString(limits.batch().toleranceMicros()), maxWait);
        Gauge.builder("konagw.upstream.quota.local", local, l -> l.get() ? 1 : 0)
                .description("1 while upstream permits are decided per instance (Redis unavailable)")
                .register(meters);
    }

    @Override
    public Mono<Void> acquire(Partition partition) {
        boolean batch = partition == Partition.BATCH;
        return gate.whenOpen(redis.execute(SCRIPT, batch ? batchKeys : allKeys, batch ? batchArgs : allArgs)
                        .next()
                        .timeout(timeout, timeouts)
                        .transformDeferred(CircuitBreakerOperator.of(breaker)))
                .map(RedisUpstreamQuota::reservation)
                .doOnNext(reservation -> {
                    // back only once the breaker has closed again, so a half-open probe does not flap the log
                    if (breaker.getState() == CircuitBreaker.State.CLOSED && local.compareAndSet(true, false)) {
                        log.info("upstream quota: Redis answers again; permits are shared across replicas again");
                    }
                })
                .onErrorResume(failure -> {
                    metrics.fallback(partition);
                    if (local.compareAndSet(false, true)) {
                        log.warn("upstream quota: Redis unavailable ({}); each instance now allows its share of "
                                + "{}/s until Redis answers again", failure.getClass().getSimpleName(),
                                fallback.limits().all().permitsPerSecond());
                    }
                    return Mono.fromSupplier(() -> fallback.reserve(partition));
                })
                .flatMap(reservation -> admit(partition, reservation, metrics));
    }

    @SuppressWarnings("rawtypes")
    private static long reservation(List result) {
        if (result == null || result.size() != 2) {
            throw new IllegalStateException("unexpected quota script result");
        }
        long granted = ((Number) result.get(0)).longValue();
        long micros = ((Number) result.get(1)).longValue();
        return granted == 1 ? Math.max(0, micros) : -Math.max(1, micros);
    }

    /** {@code >= 0}: go after that many µs; {@code < 0}: refused, retry after {@code -reservation} µs. */
    static Mono<Void> admit(Partition partition, long reservation, QuotaMetrics metrics) {
        if (reservation == 0) {
            return Mono.empty();
        }
        if (reservation > 0) {
            metrics.waited(reservation);
            return Mono.delay(LocalUpstreamQuota.micros(reservation)).then();
        }
        metrics.rejected(partition);
        return Mono.error(new UpstreamQuotaExceededException(partition, LocalUpstreamQuota.micros(-reservation)));
    }
}
