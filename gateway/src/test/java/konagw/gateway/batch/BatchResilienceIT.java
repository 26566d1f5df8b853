package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuotaExceededException;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batches under an open or opening circuit, and the upstream partition: the konaplate bulkhead is 8 here, so
 * batches share 4 permits while single lookups keep the rest. Entries turn stale at once (stale-if-error).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.cache.ttl.fixation=1ms",
    "konagw.cache.stale-window=1h",
    "resilience4j.bulkhead.instances.konaplate.max-concurrent-calls=8",
    "konagw.batch.upstream-share=0.5",
    "konagw.batch.upstream-concurrency=16",
    "resilience4j.timelimiter.instances.konaplate.timeout-duration=2s",
    "resilience4j.circuitbreaker.instances.konaplate.sliding-window-size=4",
    "resilience4j.circuitbreaker.instances.konaplate.minimum-number-of-calls=4",
    "resilience4j.circuitbreaker.instances.konaplate.wait-duration-in-open-state=60s"
})
class BatchResilienceIT extends GatewayIntegrationTest {

    static final String PATH = BatchHandler.BATCH_PATH;
    static final String FIXATION = "9410000000000001";
    static final String ROTATION = "9410000000000002";
    static final String CARD_NOT_FOUND = "9410000000000029";
    static final String GENERATED = "9420000000000301";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    RetryRegistry retries;

    /** The beans' predicates, not class names in properties, reach instances configured here and elsewhere. */
    @Test
    void theBreakersIgnoreTheGatewaysRefusalsAndTheInquiryRetriesOnlyTransientFailures() {
        UpstreamQuotaExceededException refused = new UpstreamQuotaExceededException(Partition.BATCH, null);
        for (String name : List.of("konaplate", "konaplate-passthrough", "redis")) {
            var ignored = breakers.circuitBreaker(name).getCircuitBreakerConfig().getIgnoreExceptionPredicate();
            assertThat(ignored.test(refused)).as(name).isTrue();
            assertThat(ignored.test(new java.net.ConnectException("refused"))).as(name).isFalse();
        }
        var retried = retries.retry("konaplate").getRetryConfig().getExceptionPredicate();
        assertThat(retried.test(new java.util.concurrent.TimeoutException())).isFalse();
        assertThat(retried.test(new IllegalStateException("bug"))).isFalse();
        assertThat(retried.test(refused)).isFalse();
    }

    @Test
    void theBatchBulkheadIsTheConfiguredShareOfTheUpstreamOne() {
        assertThat(bulkheads.bulkhead("konaplate").getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(8);
        assertThat(bulkheads.bulkhead(BatchPartition.NAME).getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(4);
    }

    @Test
    void withTheCircuitOpenMissesFailAtOnceOrAreServedStale() {
        JsonNode first = batch(cards(FIXATION, ROTATION, GENERATED, CARD_NOT_FOUND));
        assertThat(sources(first)).containsExactly("UPSTREAM", "UPSTREAM", "UPSTREAM", "UPSTREAM");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cacheKeyCount().equals("3"));

        breakers.circuitBreaker("konaplate").transitionToOpenState();
        long before = sandbox().totalRequests();
        List<String> fresh = IntStream.range(0, 200).mapToObj(i -> String.format("94200000000%05d", 1000 + i))
                .collect(Collectors.toList());
        List<String> all = new ArrayList<>(List.of(FIXATION, ROTATION, GENERATED, CARD_NOT_FOUND));
        all.addAll(fresh);
        JsonNode root = batch(cards(all.toArray(String[]::new)));
        JsonNode results = root.get("results");

        assertThat(results.get(0).get("source").asString()).isEqualTo("STALE");
        assertThat(results.get(0).get("accountNo").asString()).isEqualTo("79790000000001");
        assertThat(results.get(1).get("error").get("code").asString()).isEqualTo("900_001"); // ROTATION: never stale
        assertThat(results.get(2).get("source").asString()).isEqualTo("STALE");
        assertThat(results.get(3).get("source").asString()).isEqualTo("CACHE"); // 003_029, still fresh (1 min)
        assertThat(results.get(3).get("error").get("code").asString()).isEqualTo("003_029");
        for (int i = 4; i < all.size(); i++) {
            assertThat(results.get(i).get("error").get("code").asString()).isEqualTo("900_001");
            assertThat(results.get(i).get("error").get("message").asString()).contains("Circuit open");
        }
        JsonNode summary = root.get("summary");
        assertThat(summary.get("stale").asInt()).isEqualTo(2);
        assertThat(summary.get("errors").get("900_001").asInt()).isEqualTo(201);
        // refused by the open breaker: no call was made for them (the two stale ones were refused too, but STALE
        // results count as handed upstream)
        assertThat(summary.get("upstreamCalls").asInt()).isEqualTo(2);
        // 201 queued misses, 4 at a time: none waited for a time-limiter timeout (2 s) on the way
        assertThat(summary.get("elapsedMs").asLong()).isLessThan(2000);
        assertThat(sandbox().totalRequests()).isEqualTo(before);
    }

    @Test
    void aCircuitOpeningMidBatchStopsTheRemainingCalls() {
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.errors(1.0, 503));
        List<String> misses = IntStream.range(0, 100).mapToObj(i -> String.format("94200000000%05d", 2000 + i))
                .collect(Collectors.toList());
        JsonNode root = batch(cards(misses.toArray(String[]::new)));

        root.get("results").forEach(result ->
                assertThat(result.get("error").get("code").asString()).isEqualTo("900_001"));
        assertThat(breakers.circuitBreaker("konaplate").getState().name()).isEqualTo("OPEN");
        // the breaker opens after 4 failed calls; at most 4 more were in flight; each makes at most 3 attempts
        assertThat(sandbox().totalRequests()).isLessThanOrEqualTo((4 + 4) * 3);
    }

    @Test
    void batchesHoldAtMostTheirShareAndSingleLookupsKeepTheRest() {
        Bulkhead batchBulkhead = bulkheads.bulkhead(BatchPartition.NAME);
        Bulkhead shared = bulkheads.bulkhead("konaplate");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        batchBulkhead.getEventPublisher()
                .onCallPermitted(e -> maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                .onCallFinished(e -> inFlight.decrementAndGet());
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(300)));

        // two batches at once, 24 distinct misses each: they queue for the 4 batch permits instead of failing
        AtomicBoolean batchesDone = new AtomicBoolean();
        Mono<List<JsonNode>> batches = Flux.range(0, 2)
                .flatMap(b -> WebClient.create("http://127.0.0.1:" + port).post().uri(PATH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(cards(IntStream.range(0, 24)
                                .mapToObj(i -> String.format("94200000000%05d", 3000 + b * 100 + i))
                                .toArray(String[]::new)))
                        .retrieve().bodyToMono(String.class).map(JSON::readTree))
                .collectList()
                .doOnTerminate(() -> batchesDone.set(true))
                .cache();
        batches.subscribe();

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> batchBulkhead.getMetrics().getAvailableConcurrentCalls() == 0);
        // the batches hold 4 of the 8 shared permits, no more
        assertThat(shared.getMetrics().getAvailableConcurrentCalls()).isGreaterThanOrEqualTo(4);

        List<Integer> singles = Flux.range(0, 4)
                .flatMap(i -> Mono.fromCallable(() -> inquireCard(String.format("94200000000%05d", 4000 + i))
                                .returnResult(String.class).getStatus().value())
                        .subscribeOn(Schedulers.boundedElastic()))
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(singles).containsOnly(200).hasSize(4);
        assertThat(batchesDone).as("single lookups answered while the batches were still running").isFalse();

        List<JsonNode> answers = batches.block(Duration.ofSeconds(30));
        for (JsonNode answer : answers) {
            assertThat(sources(answer)).hasSize(24).containsOnly("UPSTREAM");
        }
        assertThat(maxInFlight.get()).isEqualTo(4);
        assertThat(sandbox().totalRequests()).isEqualTo(48 + 4);
    }

    private JsonNode batch(String body) {
        return JSON.readTree(http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static String cards(String... cards) {
        return "{\"cardNos\":[\"" + String.join("\",\"", cards) + "\"]}";
    }

    private static List<String> sources(JsonNode root) {
        List<String> sources = new ArrayList<>();
        root.get("results").forEach(result -> sources.add(result.path("source").asString("-")));
        return sources;
    }
}
