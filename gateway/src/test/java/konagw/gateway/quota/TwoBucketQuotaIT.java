package konagw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.support.RedisConnection;
import konagw.gateway.support.TestRedis;
import konagw.gateway.support.WithRedis;
import reactor.core.scheduler.Schedulers;

/**
 * The two-key path of the quota script on a real redis-server: batch and interactive callers together never
 * leave faster than the shared bucket allows ({@code rate × W + burst} departures in any window W), counted
 * from the moments their {@code acquire} completes.
 */
@WithRedis
class TwoBucketQuotaIT {

    static final double RATE = 10;
    static final int BURST = 1;
    /** Four intervals: a correct quota leaves 100 ms between departures, far more than the timer's jitter. */
    static final long WINDOW_NANOS = Duration.ofMillis(400).toNanos();

    static TestRedis redis;
    static RedisConnection connection;
    static LettuceConnectionFactory factory;
    static RedisConnectionGate gate;

    MeterRegistry meters;
    QuotaMetrics metrics;
    RedisUpstreamQuota quota;

    @BeforeAll
    static void start(TestRedis testRedis) {
        redis = testRedis;
        connection = RedisConnection.to(redis);
        factory = connection.factory();
        gate = connection.gate();
    }

    @AfterAll
    static void stop() {
        connection.close();
    }

    @BeforeEach
    void quota() {
        redis.command("FLUSHALL");
        meters = new SimpleMeterRegistry();
        metrics = new QuotaMetrics(meters);
        QuotaLimits limits = QuotaLimits.of(RATE, BURST, 0.5, Duration.ofSeconds(1));
        // a busy test machine must not make the decision local: this test is about the script
        quota = new RedisUpstreamQuota(new ReactiveStringRedisTemplate(factory), gate,
                CircuitBreaker.ofDefaults("quota-it"), Duration.ofSeconds(5), Schedulers.parallel(), limits,
                new LocalUpstreamQuota(limits, LocalUpstreamQuota.systemMicros(), metrics), metrics, meters);
    }

    /**
     * Issue 20, item 3. Four batch calls queue behind the batch bucket (5/s: they leave at 0, 200, 400 and
     * 600 ms); then interactive calls arrive. Booking the shared bucket when the batch calls asked (0 to 300 ms)
     * instead of when they leave let the interactive calls take 400 ms onwards as well: seven departures
     * within 400 ms where the quota allows five.
     */
    @Test
    void batchAndInteractiveCallsTogetherNeverLeaveFasterThanTheSharedRate() {
        ConcurrentLinkedQueue<Long> departures = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            acquire(Partition.BATCH, departures, refused, done);
        }
        // every batch call has its reservation (the first leaves at once, three wait) before the others ask
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(() -> departures.size() + waits() >= 4);
        for (int i = 0; i < 6; i++) {
            acquire(Partition.INTERACTIVE, departures, refused, done);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> done.get() == 10);

        List<Long> sorted = new ArrayList<>(departures);
        sorted.sort(null);
        int allowed = (int) Math.floor(RATE * WINDOW_NANOS / 1e9 + BURST);
        assertThat(QuotaDepartures.mostInAnyWindow(sorted, WINDOW_NANOS))
                .as("departures within any 400 ms (allowed %d): %s", allowed, relative(sorted))
                .isLessThanOrEqualTo(allowed);
        long span = sorted.get(sorted.size() - 1) - sorted.get(0);
        assertThat((double) sorted.size()).as("departures over the whole run").isLessThanOrEqualTo(
                RATE * span / 1e9 + BURST + 1); // + 1: the span is measured, both ends late by a timer tick or so
        assertThat(sorted).as("the batch calls and some interactive ones left").hasSizeGreaterThanOrEqualTo(6);
        assertThat(refused.get() + sorted.size()).isEqualTo(10);
        assertThat(meters.counter("konagw.upstream.quota.fallback", "partition", "batch").count()
                + meters.counter("konagw.upstream.quota.fallback", "partition", "interactive").count())
                .as("every permit decided by the script").isZero();
    }

    private void acquire(Partition partition, ConcurrentLinkedQueue<Long> departures, AtomicInteger refused,
            AtomicInteger done) {
        quota.acquire(partition).subscribe(null, failure -> {
            if (failure instanceof UpstreamQuotaExceededException) {
                refused.incrementAndGet();
            }
            done.incrementAndGet();
        }, () -> {
            departures.add(System.nanoTime());
            done.incrementAndGet();
        });
    }

    private long waits() {
        return meters.timer("konagw.upstream.quota.wait").count();
    }

    private static List<Long> relative(List<Long> sorted) {
        return sorted.stream().map(t -> (t - sorted.get(0)) / 1_000_000).toList();
    }
}
