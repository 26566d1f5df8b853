package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import konagw.core.card.CardNumber;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "resilience4j.timelimiter.instances.konaplate.timeout-duration=1s",
    "resilience4j.circuitbreaker.instances.konaplate.sliding-window-size=4",
    "resilience4j.circuitbreaker.instances.konaplate.minimum-number-of-calls=4",
    "resilience4j.circuitbreaker.instances.konaplate.wait-duration-in-open-state=500ms",
    "konagw.limits.max-body=2KB"
})
@ExtendWith(OutputCaptureExtension.class)
class InquiryFacadeIT extends GatewayIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    static final String PATH = InquiryHandler.INQUIRY_PATH;
    static final String FIXATION = "9410000000000001";
    static final String ROTATION = "9410000000000002";
    static final String INACTIVE = "9410000000000003";
    static final String CARD_NOT_FOUND = "9410000000000029";
    static final String NO_ACCOUNT = "9410000000000067";

    @Test
    void missThenHitThenNoCacheRefresh() {
        inquireCard(FIXATION).expectStatus().isOk()
                .expectHeader().valueEquals("X-Cache", "MISS")
                .expectHeader().exists("X-KM-Correlation-Id")
                .expectBody()
                .jsonPath("$.accountNo").isNotEmpty()
                .jsonPath("$.bankCode").isNotEmpty()
                .jsonPath("$.connectType").isEqualTo("FIXATION")
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.length()").isEqualTo(4);
        awaitCached(FIXATION);
        inquireCard(FIXATION).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
        assertThat(sandbox().inquiriesForCard(FIXATION)).isEqualTo(1);

        http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-cache")
                .bodyValue("{\"cardNo\":\"" + FIXATION + "\"}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().inquiriesForCard(FIXATION)).isEqualTo(2);
        awaitCached(FIXATION);
        inquireCard(FIXATION).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void vendorErrorsKeepStatusAndCodeAndAreCachedAsNegatives() {
        for (String card : List.of(CARD_NOT_FOUND, NO_ACCOUNT)) {
            String code = card.equals(CARD_NOT_FOUND) ? "003_029" : "003_067";
            for (String expectedCache : List.of("MISS", "HIT")) {
                inquireCard(card).expectStatus().isBadRequest()
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectHeader().valueEquals("X-Cache", expectedCache)
                        .expectBody()
                        .jsonPath("$.status").isEqualTo(400)
                        .jsonPath("$.code").isEqualTo(code)
                        .jsonPath("$.correlationId").isNotEmpty();
                awaitCached(card);
            }
            assertThat(sandbox().inquiriesForCard(card)).isEqualTo(1);
        }
    }

    @Test
    void eachOutcomeGetsItsTimeToLive() {
        for (String card : List.of(FIXATION, ROTATION, INACTIVE, CARD_NOT_FOUND, NO_ACCOUNT)) {
            inquire("{\"cardNo\":\"" + card + "\"}").expectBody().returnResult();
        }
        awaitCached(FIXATION, INACTIVE, CARD_NOT_FOUND, NO_ACCOUNT);
        // Redis keeps a FIXATION account for its TTL (12h) plus the stale window (1h)
        assertThat(ttlSeconds(FIXATION)).isBetween(13 * 3600L - 60, 13 * 3600L);
        assertThat(ttlSeconds(ROTATION)).isEqualTo(-2); // ROTATION: not cached at all
        // FIXATION/INACTIVE: a short TTL, still kept for the stale window
        assertThat(ttlSeconds(INACTIVE)).isBetween(4200L - 60, 4200L);
        assertThat(ttlSeconds(CARD_NOT_FOUND)).isBetween(60L - 30, 60L);
        assertThat(ttlSeconds(NO_ACCOUNT)).isBetween(300L - 60, 300L);

        inquireCard(ROTATION).expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().inquiriesForCard(ROTATION)).isEqualTo(2);
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("{}", 400, "000_003"),
                Arguments.of("{\"cardNo\":null}", 400, "000_003"),
                Arguments.of("{\"other\":\"x\"}", 400, "000_003"),
                Arguments.of("{\"cardNo\":\"941000000000001\"}", 400, "000_002"),
                Arguments.of("{\"cardNo\":\"94100000000000012\"}", 400, "000_002"),
                Arguments.of("{\"cardNo\":\"94100000000000a1\"}", 400, "000_002"),
                Arguments.of("{\"cardNo\":\"９４１００００００００００００１\"}", 400, "000_002"),
                Arguments.of("{\"cardNo\":9410000000000001}", 400, "000_002"),
                Arguments.of("{\"cardNo\":[\"9410000000000001\"]}", 400, "000_002"),
                Arguments.of("{\"cardNo\":\"9410000000000001\",\"cardNo\":\"9410000000000002\"}", 400, "000_002"),
                Arguments.of("{\"cardNo\":\"9410000000000001\"", 400, "000_002"),
                Arguments.of("[\"9410000000000001\"]", 400, "000_002"),
                Arguments.of("not json", 400, "000_002"),
                Arguments.of("", 400, "000_002"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidInputIsRefusedBeforeAnythingGoesUpstream(String body, int status, String code) {
        inquire(body).expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.correlationId").isNotEmpty();
        assertThat(sandbox().totalRequests()).isZero();
    }

    @Test
    void oversizedAndNonJsonBodiesAreRefused() {
        String padding = "x".repeat(4096);
        inquire("{\"cardNo\":\"" + FIXATION + "\",\"pad\":\"" + padding + "\"}")
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("900_006");
        // a body streamed without a declared length is cut off at the limit too
        http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON)
                .body(Flux.range(0, 64).map(i -> padding.substring(0, 100)), String.class)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("900_006");
        http.post().uri(PATH).contentType(MediaType.TEXT_PLAIN).bodyValue("cardNo=" + FIXATION).exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("900_007");
        assertThat(sandbox().totalRequests()).isZero();
    }

    @Test
    void slowUpstreamGives504WithinTheTimeBudget() {
        sandbox().setFault(PATH, Fault.latency(Duration.ofSeconds(3)));
        inquireCard("9420000000000777").expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_002");
    }

    @Test
    void circuitOpensUnderServerErrorsAndHalfOpensAfterTheWait() {
        sandbox().setFault(PATH, Fault.errors(1.0, 500));
        for (int i = 0; i < 4; i++) {
            inquireCard("942000000000010" + i).expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("900_001");
        }
        long callsWhenOpened = sandbox().totalRequests();
        inquireCard("9420000000000200").expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("900_001")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Circuit open"));
        assertThat(sandbox().totalRequests()).isEqualTo(callsWhenOpened);

        sandbox().clearFaults();
        AtomicInteger attempt = new AtomicInteger();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                inquireCard("94200000000003" + String.format("%02d", attempt.incrementAndGet() % 100))
                        .returnResult(String.class).getStatus().value() == 200);
        assertThat(breakers.circuitBreaker("konaplate").getState().name()).isIn("HALF_OPEN", "CLOSED");
    }

    @Test
    void anUndecryptableAnswerIs502AndCountedAsACryptoFailure() {
        double before = meters.find("konagw.crypto.failures").counters().stream().mapToDouble(c -> c.count()).sum();
        sandbox().setFault(PATH, Fault.invalidJweFault());
        inquireCard("9420000000000555").expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_003")
                .jsonPath("$.correlationId").isNotEmpty();
        assertThat(meters.find("konagw.crypto.failures").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(before + 1);
        assertThat(sandbox().inquiriesForCard("9420000000000555")).isEqualTo(1); // not retried
    }

    @Test
    void aPlainSuccessIs502CountedAsACryptoFailureAndNeverCached() {
        String card = "9420000000000556";
        double before = meters.find("konagw.crypto.failures").tag("kind", "not_encrypted").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        sandbox().setFault(PATH, Fault.plaintextSuccessFault());
        inquireCard(card).expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_003")
                .jsonPath("$.accountNo").doesNotExist();
        assertThat(meters.find("konagw.crypto.failures").tag("kind", "not_encrypted").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(before + 1);
        assertThat(cacheKeyCount()).isEqualTo("0");

        sandbox().clearFaults();
        inquireCard(card).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().inquiriesForCard(card)).isEqualTo(2);
    }

    @Test
    void vendorErrorsDoNotOpenTheCircuit() {
        for (int i = 0; i < 10; i++) {
            inquire("{\"cardNo\":\"" + CARD_NOT_FOUND + "\"}").expectStatus().isBadRequest();
            flushRedis();
        }
        assertThat(breakers.circuitBreaker("konaplate").getState().name()).isEqualTo("CLOSED");
        inquireCard(FIXATION).expectStatus().isOk();
    }

    @Test
    void evictionForcesTheNextLookupUpstream() {
        inquireCard(FIXATION).expectHeader().valueEquals("X-Cache", "MISS");
        awaitCached(FIXATION);
        inquireCard(FIXATION).expectHeader().valueEquals("X-Cache", "HIT");
        http.post().uri(InquiryHandler.EVICT_PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + FIXATION + "\"}").exchange()
                .expectStatus().isNoContent();
        inquireCard(FIXATION).expectHeader().valueEquals("X-Cache", "MISS");
        http.post().uri(InquiryHandler.EVICT_PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"12\"}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("000_002");
    }

    @Test
    void anAnswerFetchedBeforeAnEvictionDoesNotPutTheOldEntryBack() {
        String card = "9420000000007777";
        sandbox().setFault(PATH, Fault.latency(Duration.ofMillis(800)));
        Mono<String> slow = org.springframework.web.reactive.function.client.WebClient.create("http://127.0.0.1:" + port)
                .post().uri(InquiryHandler.INQUIRY_PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + card + "\"}").retrieve().bodyToMono(String.class).cache();
        slow.subscribe();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sandbox().inquiriesForCard(card) == 1);
        http.post().uri(InquiryHandler.EVICT_PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + card + "\"}").exchange().expectStatus().isNoContent();
        assertThat(slow.block(Duration.ofSeconds(10))).contains("accountNo");
        sandbox().clearFaults();
        // the write behind the slow answer was refused by the eviction's tombstone: Redis holds no entry
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.entriesUnder(CacheKeys.PREFIX) == 0);
        inquireCard(card).expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().inquiriesForCard(card)).isEqualTo(2);
    }

    @Test
    void noCardOrAccountNumberReachesRedisOrTheLogs(CapturedOutput output) {
        List<String> cards = List.of(FIXATION, INACTIVE, CARD_NOT_FOUND, NO_ACCOUNT, "9420000000004242");
        List<String> accounts = cards.stream()
                .map(card -> inquireCard(card).returnResult(String.class).getResponseBody().blockFirst())
                .filter(body -> body.contains("accountNo"))
                .map(body -> body.replaceAll(".*\"accountNo\":\"([^\"]+)\".*", "$1"))
                .toList();
        assertThat(accounts).hasSize(3);
        awaitCached(cards.toArray(String[]::new));
        sandbox().setFault(PATH, Fault.errors(1.0, 503));
        inquireCard("9420000000009999").expectStatus().isEqualTo(503);

        List<String> stored = REDIS.dumpKeysAndValues();
        // five cache entries (three accounts, two negatives); other keys (rate limiter) are checked too
        assertThat(stored).filteredOn(item -> item.startsWith(CacheKeys.PREFIX)).hasSize(5);
        for (String secret : concat(cards, accounts)) {
            assertThat(stored).noneMatch(item -> item.contains(secret));
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain("9420000000009999").contains("942000******9999");
    }

    @Test
    void aLookupsAuditEventIsABareJsonLineOnStandardOutputWithTheCallersIdMasked(CapturedOutput output) {
        // the default audit output; the caller's X-Correlation-Id is a card number here, which the line must mask
        http.post().uri("/api/v1/card/virtual-account/inquiry").contentType(MediaType.APPLICATION_JSON)
                .header("X-Correlation-Id", "9420000000007777")
                .bodyValue("{\"cardNo\":\"9420000000006666\"}").exchange().expectStatus().isOk();
        String line = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().lines()
                .filter(l -> l.contains("\"requestId\":\"942000******7777\"")).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(line).startsWith("{\"time\":\"").endsWith("}")
                .contains("\"api\":\"inquiry\"", "\"card\":\"942000******6666\"", "\"source\":\"UPSTREAM\"");
        assertThat(output.getAll()).doesNotContain("9420000000007777", "9420000000006666");
    }

    private long ttlSeconds(String card) {
        return Long.parseLong(REDIS.command("TTL", cacheKeys.keyOf(CardNumber.parse(card))));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
