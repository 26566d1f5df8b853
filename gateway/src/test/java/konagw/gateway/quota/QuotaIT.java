package konagw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.client.KonaplateClient;
import konagw.gateway.KonagwApplication;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.SandboxServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two gateway instances (this test's application and a second one started beside it) share one Redis and one
 * sandbox: together they stay within the quota; with Redis down each keeps to its fallback share.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konaplate.instance-id=11",
    QuotaIT.ENABLED, QuotaIT.RATE, QuotaIT.BURST, QuotaIT.MAX_WAIT, QuotaIT.REPLICAS,
    QuotaIT.REDIS_TIMEOUT, QuotaIT.LETTUCE_TIMEOUT, QuotaIT.CACHE_TIMEOUT,
    // the quota test counts vendor calls: no retries, and a breaker that stays out of the way
    "resilience4j.retry.instances.konaplate.max-attempts=1",
    "resilience4j.circuitbreaker.instances.konaplate.minimum-number-of-calls=1000"
})
class QuotaIT extends GatewayIntegrationTest {

    static final String ENABLED = "konagw.upstream.rate-limit.enabled=true";
    static final String RATE = "konagw.upstream.rate-limit.permits-per-second=20";
    static final String BURST = "konagw.upstream.rate-limit.burst=4";
    static final String MAX_WAIT = "konagw.upstream.rate-limit.max-wait=50ms";
    static final String REPLICAS = "konagw.upstream.rate-limit.replicas-hint=2";
    // a shared, busy CI machine: Redis answers slower than production's timeouts, which would (correctly) fall back
    static final String REDIS_TIMEOUT = "konagw.upstream.rate-limit.redis-timeout=3s";
    static final String LETTUCE_TIMEOUT = "spring.data.redis.timeout=3s";
    // the cache's slow reads would open the shared redis breaker, which (correctly) makes the quota local
    static final String CACHE_TIMEOUT = "konagw.cache.redis-timeout=3s";
    static final double PERMITS_PER_SECOND = 20;
    static final int BURST_PERMITS = 4;

    static ConfigurableApplicationContext second;
    static int secondPort;
    static final AtomicLong cards = new AtomicLong();

    @Autowired
    MeterRegistry meters;

    @Autowired
    UpstreamQuota quota;

    @BeforeEach
    void secondInstance() throws IOException {
        if (second != null) {
            return;
        }
        SandboxServer sandbox = connection.embeddedSandbox();
        Path keys = Files.createTempDirectory("konagw-quota-it-");
        sandbox.keys().writeGatewayHalf(keys);
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.putAll(REDIS.properties());
        properties.put("konaplate.base-url", sandbox.baseUrl().toString());
        properties.put("konaplate.instance-id", "12");
        properties.put("konaplate.asp-id", sandbox.settings().credentials().aspId());
        properties.put("konaplate.access-key", sandbox.settings().credentials().accessKey());
        properties.put("konaplate.secret-key", sandbox.settings().credentials().secretKey());
        properties.put("konaplate.crypto.key-id", sandbox.settings().cryptoKeyId());
        properties.put("konaplate.crypto.server-public-key", keys.resolve("server-cert.pem").toUri().toString());
        properties.put("konaplate.crypto.client-private-key", keys.resolve("client-key.pem").toUri().toString());
        for (String setting : List.of(ENABLED, RATE, BURST, MAX_WAIT, REPLICAS, REDIS_TIMEOUT, LETTUCE_TIMEOUT, CACHE_TIMEOUT,
                "resilience4j.retry.instances.konaplate.max-attempts=1",
                "resilience4j.circuitbreaker.instances.konaplate.minimum-number-of-calls=1000")) {
            int eq = setting.indexOf('=');
            properties.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        // as arguments: SpringApplicationBuilder.properties(...) are defaults, below application.properties
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        second = new SpringApplicationBuilder(KonagwApplication.class).run(args);
        secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    @AfterEach
    void redisIsBack() {
        REDIS.resume();
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void aColdBatchUnderATightQuotaWaitsForPermitsAndAnswersEveryCard() {
        awaitSharedQuota(meters, quota);
        List<String> fresh = java.util.stream.IntStream.range(0, 30).mapToObj(i -> nextCard()).toList();
        String body = "{\"cardNos\":[" + String.join(",", fresh.stream().map(c -> "\"" + c + "\"").toList()) + "]}";
        long started = System.nanoTime();
        String answer = WebClient.create("http://127.0.0.1:" + port).post()
                .uri(konagw.gateway.batch.BatchHandler.BATCH_PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;
        // the batch bucket holds half the rate: 30 cards cannot all leave within the burst; before, most were 900_001
        assertThat(answer).doesNotContain("\"error\"").contains("\"upstreamCalls\":30");
        assertThat(fresh).allSatisfy(card -> assertThat(sandbox().inquiriesForCard(card)).isEqualTo(1));
        double batchRate = PERMITS_PER_SECOND * 0.5;
        assertThat(seconds).as("paced by the batch share of the quota").isGreaterThanOrEqualTo(
                (30 - BURST_PERMITS) / batchRate * 0.9);
    }

    @Test
    void twoInstancesSharingRedisTogetherStayWithinTheQuota() {
        awaitSharedQuota(meters, quota);
        awaitSharedQuota(second.getBean(MeterRegistry.class), second.getBean(UpstreamQuota.class));
        double fallbackBefore = fallbacks();
        Outcome outcome = drive(List.of(port, secondPort), 240, Duration.ofMillis(5));

        long upstream = sandbox().requests(KonaplateClient.INQUIRY_PATH);
        double allowed = PERMITS_PER_SECOND * outcome.seconds() + BURST_PERMITS;
        assertThat(upstream).as("vendor calls in %.2f s (allowed %.1f)", outcome.seconds(), allowed)
                .isLessThanOrEqualTo((long) Math.floor(allowed) + 1)
                .isGreaterThanOrEqualTo(outcome.ok()); // a slow answer may still time out at the gateway (504)
        assertThat(outcome.ok()).isGreaterThanOrEqualTo(BURST_PERMITS);
        // each instance alone would have allowed the whole quota: both were refused, so they shared it
        assertThat(outcome.refusedBy(port)).isPositive();
        assertThat(outcome.refusedBy(secondPort)).isPositive();
        // the buckets hold times only: no card data under the quota keys (idle buckets expire after a minute)
        inquireCard(nextCard());
        assertThat(REDIS.command("KEYS", "konagw:quota:*")).contains("konagw:quota:v1:{konaplate}:all");
        assertThat(REDIS.command("GET", "konagw:quota:v1:{konaplate}:all")).matches("\\d+");
        assertThat(fallbacks()).isEqualTo(fallbackBefore);
    }

    @Test
    void refusalsAre503WithCodeAndRetryAfterAndNeitherTripTheBreakerNorGetRetried() {
        Outcome outcome = drive(List.of(port), 40, Duration.ofMillis(1));

        assertThat(outcome.refusedBy(port)).isPositive();
        assertThat(outcome.refusedBody).contains("\"code\":\"900_001\"").contains("\"status\":503");
        assertThat(outcome.refusedContentType).isEqualTo("application/problem+json");
        assertThat(sandbox().requests(KonaplateClient.INQUIRY_PATH)).isGreaterThanOrEqualTo(outcome.ok());
        assertThat(breakers.circuitBreaker("konaplate").getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(meters.counter("konagw.upstream.quota.rejected", "partition", "interactive").count())
                .isGreaterThanOrEqualTo(outcome.refusedBy(port));
    }

    @Test
    void withRedisDownEachInstanceKeepsToItsShare() {
        double fallbackBefore = fallbacks();
        REDIS.stop();
        Outcome outcome = drive(List.of(port), 150, Duration.ofMillis(5));

        long upstream = sandbox().requests(KonaplateClient.INQUIRY_PATH);
        // replicas-hint=2: this instance alone allows half the rate and half the burst
        double allowed = PERMITS_PER_SECOND / 2 * outcome.seconds() + BURST_PERMITS / 2;
        assertThat(upstream).as("vendor calls in %.2f s on the fallback (allowed %.1f)", outcome.seconds(), allowed)
                .isLessThanOrEqualTo((long) Math.floor(allowed) + 1)
                .isPositive();
        assertThat(outcome.refusedBy(port)).isPositive();
        assertThat(fallbacks()).isGreaterThan(fallbackBefore);
    }

    /** Until the instance decides permits through Redis again (Lettuce reconnects on its own after an outage). */
    private static void awaitSharedQuota(MeterRegistry meters, UpstreamQuota quota) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            quota.acquire(Partition.INTERACTIVE).onErrorResume(UpstreamQuotaExceededException.class, e -> Mono.empty())
                    .block(Duration.ofSeconds(5));
            return meters.find("konagw.upstream.quota.local").gauge().value() == 0;
        });
    }

    private double fallbacks() {
        return meters.counter("konagw.upstream.quota.fallback", "partition", "interactive").count();
    }

    /** One request every {@code every}, spread over the instances in turn, each for a card not seen before. */
    private Outcome drive(List<Integer> ports, int requests, Duration every) {
        WebClient web = WebClient.create();
        Outcome outcome = new Outcome();
        long start = System.nanoTime();
        Flux.interval(every)
                .take(requests)
                .flatMap(i -> {
                    int target = ports.get((int) (i % ports.size()));
                    return web.post().uri("http://127.0.0.1:" + target + "/api/v1/card/virtual-account/inquiry")
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue("{\"cardNo\":\"" + nextCard() + "\"}")
                            .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                                    .doOnNext(body -> outcome.record(target, response.statusCode().value(),
                                            response.headers().asHttpHeaders().getFirst("Retry-After"), body,
                                            response.headers().asHttpHeaders().getFirst("Content-Type"))));
                })
                .then()
                .block(Duration.ofSeconds(60));
        outcome.seconds = (System.nanoTime() - start) / 1e9;
        return outcome;
    }

    private static String nextCard() {
        return "9420" + String.format("%012d", 500_000_000_000L + cards.incrementAndGet());
    }

    static final class Outcome {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        final Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
        double seconds;
        volatile String refusedBody;
        volatile String refusedContentType;

        void record(int port, int status, String retryAfter, String body, String contentType) {
            if (status == 200) {
                ok.incrementAndGet();
            } else if (status == 503 && retryAfter != null) {
                refused.computeIfAbsent(port, p -> new AtomicLong()).incrementAndGet();
                refusedBody = body;
                refusedContentType = contentType;
            } else {
                other.incrementAndGet();
            }
        }

        long ok() {
            return ok.get();
        }

        long other() {
            return other.get();
        }

        long refusedBy(int port) {
            AtomicLong n = refused.get(port);
            return n == null ? 0 : n.get();
        }

        double seconds() {
            return seconds;
        }
    }
}
