package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The batch contract end to end: real Redis, the real sandbox over HTTP, BlockHound on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.batch.max-size=20",
    "konagw.batch.max-body=2KB"
})
class BatchLookupIT extends GatewayIntegrationTest {

    static final String PATH = BatchHandler.BATCH_PATH;
    static final String FIXATION = "9410000000000001";
    static final String ROTATION = "9410000000000002";
    static final String INACTIVE = "9410000000000003";
    static final String CARD_NOT_FOUND = "9410000000000029";
    static final String NO_ACCOUNT = "9410000000000067";
    static final String CACHED = "9420000000000101";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** index: what the mixed batch holds there. */
    static final String MIXED = "{\"cardNos\":[\"" + CACHED + "\",\"" + FIXATION + "\",\"12\",null,\"" + CARD_NOT_FOUND
            + "\",\"" + NO_ACCOUNT + "\",\"" + FIXATION + "\"," + FIXATION + ",\"" + CACHED + "\",\"" + ROTATION
            + "\",\"" + INACTIVE + "\"]}";

    @Test
    void mixedBatchAnswersEveryIndexInOrderAndLooksUpEachCardOnce() {
        JsonNode cachedAccount = JSON.readTree(inquireCard(CACHED).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        awaitCacheKeys(1);
        sandbox().reset();

        JsonNode root = batch(MIXED);
        List<String> results = new ArrayList<>();
        root.get("results").forEach(result -> results.add(result.toString()));
        String cached = account(0, "CACHE", cachedAccount.get("accountNo").asString(),
                cachedAccount.get("bankCode").asString(), "FIXATION", "ACTIVE");
        String fixation = account(1, "UPSTREAM", "79790000000001", "090", "FIXATION", "ACTIVE");
        assertThat(results).hasSize(11);
        assertThat(results.get(0)).isEqualTo(cached);
        assertThat(results.get(1)).isEqualTo(fixation);
        assertThat(results.get(2)).isEqualTo(error(2, null, "000_002", "cardNo must be exactly 16 ASCII digits."));
        assertThat(results.get(3)).isEqualTo(error(3, null, "000_003", "cardNo is required."));
        assertThat(results.get(4)).isEqualTo(error(4, "UPSTREAM", "003_029", "Card not found"));
        assertThat(results.get(5)).isEqualTo(error(5, "UPSTREAM", "003_067", "Not found virtual account."));
        assertThat(results.get(6)).isEqualTo(fixation.replace("\"index\":1", "\"index\":6"));
        assertThat(results.get(7)).isEqualTo(error(7, null, "000_002", "cardNo must be a string."));
        assertThat(results.get(8)).isEqualTo(cached.replace("\"index\":0", "\"index\":8"));
        assertThat(root.get("results").get(9).get("source").asString()).isEqualTo("UPSTREAM");
        assertThat(root.get("results").get(9).get("connectType").asString()).isEqualTo("ROTATION");
        assertThat(results.get(10)).isEqualTo(account(10, "UPSTREAM", "79790000000003", "090", "FIXATION", "INACTIVE"));

        JsonNode summary = root.get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(11);
        assertThat(summary.get("cards").asInt()).isEqualTo(6);
        assertThat(summary.get("cacheHits").asInt()).isEqualTo(1);
        assertThat(summary.get("upstreamCalls").asInt()).isEqualTo(5);
        assertThat(summary.get("errors").toString())
                .isEqualTo("{\"000_002\":2,\"000_003\":1,\"003_029\":1,\"003_067\":1}");

        for (String card : List.of(FIXATION, ROTATION, INACTIVE, CARD_NOT_FOUND, NO_ACCOUNT)) {
            assertThat(sandbox().inquiriesForCard(card)).as(card).isEqualTo(1);
        }
        assertThat(sandbox().inquiriesForCard(CACHED)).isZero();
        assertThat(sandbox().totalRequests()).isEqualTo(5);
        assertThat(sandbox().violations()).isEmpty();

        // written back behind the answer: all but ROTATION (TTL 0) are cached, negatives included
        awaitCacheKeys(5);
        JsonNode again = batch(MIXED);
        assertThat(again.get("results").get(1).toString()).isEqualTo(fixation.replace("UPSTREAM", "CACHE"));
        assertThat(again.get("results").get(4).get("source").asString()).isEqualTo("CACHE");
        assertThat(again.get("results").get(5).get("source").asString()).isEqualTo("CACHE");
        assertThat(again.get("results").get(9).get("source").asString()).isEqualTo("UPSTREAM");
        assertThat(again.get("summary").get("cacheHits").asInt()).isEqualTo(5);
        assertThat(again.get("summary").get("upstreamCalls").asInt()).isEqualTo(1);
        assertThat(sandbox().totalRequests()).isEqualTo(6);
        assertThat(sandbox().inquiriesForCard(ROTATION)).isEqualTo(2);
    }

    @Test
    void ndjsonCarriesTheSameResultsAsJsonPlusASummaryLine() {
        inquireCard(CACHED).expectStatus().isOk();
        awaitCacheKeys(1);
        List<String> lines = ndjson(MIXED).collectList().block(Duration.ofSeconds(20));

        assertThat(lines).hasSize(12);
        JsonNode summary = JSON.readTree(lines.get(11)).get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(11);
        assertThat(summary.get("cacheHits").asInt()).isEqualTo(1);
        Map<Integer, JsonNode> byIndex = new HashMap<>();
        for (String line : lines.subList(0, 11)) {
            JsonNode result = JSON.readTree(line);
            assertThat(byIndex.put(result.get("index").asInt(), result)).isNull();
        }
        assertThat(byIndex.keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 11).boxed().collect(Collectors.toList()));
        // what is known without upstream comes first: invalid entries, then the cache hits
        List<Integer> order = lines.subList(0, 11).stream().map(line -> JSON.readTree(line).get("index").asInt())
                .toList();
        assertThat(order.subList(0, 5)).containsExactlyInAnyOrder(2, 3, 7, 0, 8);
        assertThat(byIndex.get(0).get("source").asString()).isEqualTo("CACHE");
        assertThat(byIndex.get(6).get("accountNo").asString()).isEqualTo("79790000000001");
        assertThat(byIndex.get(4).get("error").get("code").asString()).isEqualTo("003_029");
        assertThat(sandbox().inquiriesForCard(FIXATION)).isEqualTo(1);
    }

    @Test
    void cachedLinesLeaveWhileASlowUpstreamCallIsStillPending() {
        List<String> cached = List.of("9420000000000201", "9420000000000202");
        cached.forEach(card -> inquireCard(card).expectStatus().isOk());
        awaitCacheKeys(2);
        CircuitBreaker breaker = breakers.circuitBreaker("konaplate");
        long finishedBefore = breaker.getMetrics().getNumberOfSuccessfulCalls();
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(2000)));
        String slow = "9420000000000299";

        StepVerifier.create(ndjson("{\"cardNos\":[\"" + slow + "\",\"" + cached.get(0) + "\",\"" + cached.get(1) + "\"]}"))
                .assertNext(line -> assertThat(line).contains("\"source\":\"CACHE\""))
                .assertNext(line -> assertThat(line).contains("\"source\":\"CACHE\""))
                // both cached lines have reached the client, and the upstream call has not ended yet
                .then(() -> assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(finishedBefore))
                .assertNext(line -> assertThat(line).startsWith("{\"index\":0,\"source\":\"UPSTREAM\""))
                .assertNext(line -> assertThat(line).startsWith("{\"summary\":"))
                .expectComplete()
                .verify(Duration.ofSeconds(20));
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(finishedBefore + 1);
        assertThat(sandbox().inquiriesForCard(slow)).isEqualTo(1);
    }

    @Test
    void duplicatesUpToTheMaximumAreOneLookup() {
        String body = "{\"cardNos\":[" + String.join(",", Collections.nCopies(20, "\"" + FIXATION + "\"")) + "]}";
        JsonNode root = batch(body);
        assertThat(root.get("results")).hasSize(20);
        root.get("results").forEach(result -> assertThat(result.get("accountNo").asString()).isEqualTo("79790000000001"));
        assertThat(root.get("summary").get("cards").asInt()).isEqualTo(1);
        assertThat(sandbox().inquiriesForCard(FIXATION)).isEqualTo(1);
    }

    @Test
    void limitsAndShapeAreCheckedBeforeAnythingIsLookedUp() {
        String tooMany = "{\"cardNos\":[" + String.join(",", Collections.nCopies(21, "\"" + FIXATION + "\"")) + "]}";
        post(tooMany).expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("900_006").jsonPath("$.correlationId").isNotEmpty();

        String padded = "{\"cardNos\":[\"" + FIXATION + "\"],\"pad\":\"" + "x".repeat(2100) + "\"}";
        post(padded).expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("900_006");
        // without a declared length the body is cut off at the limit too
        http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON)
                .body(Flux.range(0, 30).map(i -> i == 0 ? "{\"cardNos\":[" : "\"" + FIXATION + "\",\"" + FIXATION
                        + "\",\"" + FIXATION + "\",\"" + FIXATION + "\","), String.class)
                .exchange()
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("900_006");

        http.post().uri(PATH).contentType(MediaType.TEXT_PLAIN).bodyValue("{\"cardNos\":[]}").exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.code").isEqualTo("900_007");
        post("[\"" + FIXATION + "\"]").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("000_002");
        post("{\"cardNos\":\"" + FIXATION + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("000_002");
        post("{\"cardNos\":[\"" + FIXATION + "\"").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("000_002");
        post("{}").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("000_003");
        post("{\"cardNos\":null}").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("000_003");
        assertThat(sandbox().totalRequests()).isZero();

        post("{\"cardNos\":[]}").expectStatus().isOk()
                .expectBody().jsonPath("$.results.length()").isEqualTo(0).jsonPath("$.summary.total").isEqualTo(0);
    }

    private JsonNode batch(String body) {
        String text = post(body).expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().exists("X-KM-Correlation-Id")
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(text);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(String body) {
        return http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private Flux<String> ndjson(String body) {
        return WebClient.create("http://127.0.0.1:" + port).post().uri(PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_NDJSON)
                .bodyValue(body)
                .exchangeToFlux(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(200);
                    assertThat(response.headers().contentType()).contains(MediaType.APPLICATION_NDJSON);
                    return response.bodyToFlux(String.class);
                });
    }

    private static void awaitCacheKeys(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> cacheKeyCount().equals(Integer.toString(count)));
    }

    private static String account(int index, String source, String accountNo, String bankCode, String connectType,
            String status) {
        return "{\"index\":" + index + ",\"source\":\"" + source + "\",\"accountNo\":\"" + accountNo
                + "\",\"bankCode\":\"" + bankCode + "\",\"connectType\":\"" + connectType + "\",\"status\":\"" + status
                + "\"}";
    }

    private static String error(int index, String source, String code, String message) {
        return "{\"index\":" + index + (source == null ? "" : ",\"source\":\"" + source + "\"")
                + ",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }
}
