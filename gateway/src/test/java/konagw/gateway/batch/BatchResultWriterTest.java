package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.inquiry.LookupResult;
import konagw.gateway.inquiry.LookupSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ordering, duplicates and the summary, on bytes: no server, no Redis. */
class BatchResultWriterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final VirtualAccount ACCOUNT = new VirtualAccount("79790000000001", "090", "FIXATION", "ACTIVE");

    // index: 0 A, 1 invalid, 2 B, 3 A, 4 missing, 5 C
    final BatchPlan plan = BatchPlan.builder()
            .add("9410000000000001").add("12").add("9410000000000029").add("9410000000000001").add(null)
            .add("9420000000000005").build();

    @Test
    void jsonKeepsInputOrderAndWritesOnlyTheReadyPrefix() {
        BatchResultWriter writer = BatchResultWriter.of(plan, false, System.nanoTime());
        StringBuilder body = new StringBuilder(text(writer.open()));
        assertThat(body.toString()).isEqualTo("{\"results\":[");

        // C (index 5) answers first: nothing can be written before A and B
        assertThat(writer.write(List.of(Resolved.failed(2, konagw.gateway.upstream.FailureClass.CIRCUIT_OPEN, "Circuit open: upstream is failing.")))).isNull();
        // A: indices 0 and 1 (invalid) can go, index 2 waits for B
        String afterA = text(writer.write(List.of(Resolved.of(0,
                LookupResult.account(LookupSource.CACHE, ACCOUNT, null)))));
        assertThat(afterA).startsWith("{\"index\":0,").contains("{\"index\":1,").doesNotContain("\"index\":2");
        body.append(afterA);
        body.append(text(writer.write(List.of(Resolved.of(1, LookupResult.vendorError(LookupSource.UPSTREAM,
                new VendorError(400, "003_029", "Card not found"), "x"))))));
        body.append(text(writer.close()));

        JsonNode root = JSON.readTree(body.toString());
        JsonNode results = root.get("results");
        assertThat(results).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(results.get(0).toString()).isEqualTo("{\"index\":0,\"source\":\"CACHE\",\"accountNo\":"
                + "\"79790000000001\",\"bankCode\":\"090\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\"}");
        assertThat(results.get(3)).isEqualTo(JSON.readTree(results.get(0).toString().replace("\"index\":0",
                "\"index\":3")));
        assertThat(results.get(1).toString()).isEqualTo(
                "{\"index\":1,\"error\":{\"code\":\"000_002\",\"message\":\"cardNo must be exactly 16 ASCII digits.\"}}");
        assertThat(results.get(2).toString()).isEqualTo(
                "{\"index\":2,\"source\":\"UPSTREAM\",\"error\":{\"code\":\"003_029\",\"message\":\"Card not found\"}}");
        assertThat(results.get(4).get("error").get("code").asString()).isEqualTo("000_003");
        assertThat(results.get(5).get("error").get("code").asString()).isEqualTo("900_001");

        JsonNode summary = root.get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(6);
        assertThat(summary.get("cards").asInt()).isEqualTo(3);
        assertThat(summary.get("cacheHits").asInt()).isEqualTo(1);
        // the vendor's 003_029 was a call; the open circuit's refusal was not
        assertThat(summary.get("upstreamCalls").asInt()).isEqualTo(1);
        assertThat(summary.get("errors").toString())
                .isEqualTo("{\"000_002\":1,\"000_003\":1,\"003_029\":1,\"900_001\":1}");
        assertThat(summary.get("elapsedMs").asLong()).isNotNegative();
    }

    @Test
    void ndjsonWritesInvalidEntriesAtOnceAndEveryDuplicateOfAnAnswer() {
        BatchResultWriter writer = BatchResultWriter.of(plan, true, System.nanoTime());
        assertThat(lines(writer.open())).containsExactly(
                "{\"index\":1,\"error\":{\"code\":\"000_002\",\"message\":\"cardNo must be exactly 16 ASCII digits.\"}}",
                "{\"index\":4,\"error\":{\"code\":\"000_003\",\"message\":\"cardNo is required.\"}}");
        assertThat(lines(writer.write(List.of(Resolved.failed(2, "900_002", "Upstream did not answer in time.")))))
                .containsExactly("{\"index\":5,\"error\":{\"code\":\"900_002\",\"message\":\"Upstream did not answer in time.\"}}");
        List<String> a = lines(writer.write(List.of(
                Resolved.of(0, LookupResult.account(LookupSource.STALE, ACCOUNT, null)),
                Resolved.of(1, LookupResult.vendorError(LookupSource.CACHE,
                        new VendorError(400, "003_029", "Card not found"), null)))));
        assertThat(a).hasSize(3);
        assertThat(a.get(0)).startsWith("{\"index\":0,\"source\":\"STALE\"");
        assertThat(a.get(1)).startsWith("{\"index\":3,\"source\":\"STALE\"");
        assertThat(a.get(2)).startsWith("{\"index\":2,\"source\":\"CACHE\",\"error\"");
        List<String> end = lines(writer.close());
        assertThat(end).hasSize(1);
        JsonNode summary = JSON.readTree(end.get(0)).get("summary");
        assertThat(summary.get("cacheHits").asInt()).isEqualTo(1);
        assertThat(summary.get("stale").asInt()).isEqualTo(1);
        assertThat(summary.get("upstreamCalls").asInt()).isEqualTo(2);
    }

    @Test
    void everyIndexGetsExactlyOneResultEvenWhenACardIsNeverOrTwiceAnswered() {
        for (boolean ndjson : new boolean[] {false, true}) {
            BatchResultWriter writer = BatchResultWriter.of(plan, ndjson, System.nanoTime());
            StringBuilder body = new StringBuilder(text(writer.open()));
            Resolved a = Resolved.of(0, LookupResult.account(LookupSource.CACHE, ACCOUNT, null));
            body.append(text(writer.write(List.of(a))));
            body.append(text(writer.write(List.of(a)))); // a second answer for card A is ignored
            body.append(text(writer.close())); // B and C never answered
            List<JsonNode> results = new java.util.ArrayList<>();
            if (ndjson) {
                for (String line : body.toString().split("\n")) {
                    JsonNode node = JSON.readTree(line);
                    if (node.has("index")) {
                        results.add(node);
                    }
                }
                results.sort(java.util.Comparator.comparingInt(node -> node.get("index").asInt()));
            } else {
                JSON.readTree(body.toString()).get("results").forEach(results::add);
            }
            assertThat(results).hasSize(6);
            for (int i = 0; i < 6; i++) {
                assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
            }
            assertThat(results.get(2).get("error").get("code").asString()).isEqualTo("900_000");
            assertThat(results.get(5).get("error").get("code").asString()).isEqualTo("900_000");
            assertThat(results.get(3).get("source").asString()).isEqualTo("CACHE");
        }
    }

    @Test
    void vendorTextIsEscaped() {
        BatchPlan one = BatchPlan.builder().add("9410000000000001").build();
        BatchResultWriter writer = BatchResultWriter.of(one, false, System.nanoTime());
        String body = text(writer.open()) + text(writer.write(List.of(Resolved.of(0, LookupResult.account(
                LookupSource.UPSTREAM, new VirtualAccount("1\"2\\3\n", "é", null, "ACTIVE"), null)))))
                + text(writer.close());
        JsonNode result = JSON.readTree(body).get("results").get(0);
        assertThat(result.get("accountNo").asString()).isEqualTo("1\"2\\3\n");
        assertThat(result.get("bankCode").asString()).isEqualTo("é");
        assertThat(result.get("connectType").isNull()).isTrue();
    }

    @Test
    void anEmptyBatchIsAnEmptyListAndASummary() {
        BatchPlan empty = BatchPlan.builder().build();
        BatchResultWriter writer = BatchResultWriter.of(empty, false, System.nanoTime());
        JsonNode root = JSON.readTree(text(writer.open()) + text(writer.close()));
        assertThat(root.get("results")).isEmpty();
        assertThat(root.get("summary").get("total").asInt()).isZero();
    }

    private static String text(ByteBuffer buffer) {
        return buffer == null ? "" : StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static List<String> lines(ByteBuffer buffer) {
        String text = text(buffer);
        assertThat(text).endsWith("\n");
        return List.of(text.split("\n"));
    }
}
