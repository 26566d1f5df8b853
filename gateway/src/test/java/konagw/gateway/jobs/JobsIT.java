package konagw.gateway.jobs;

import static konagw.gateway.jobs.JobApi.JOBS;
import static konagw.gateway.jobs.JobApi.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;
import konagw.sandbox.SandboxDataset;
import tools.jackson.databind.JsonNode;

/** The jobs API end to end on the Redis engine: real redis-server, the real sandbox over HTTP, BlockHound on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.auth.mode=mesh",
    "konagw.jobs.chunk-size=4",
    "konagw.jobs.concurrency=2",
    "konagw.jobs.max-size=200",
    "konagw.jobs.max-body=8KB"
})
class JobsIT extends GatewayIntegrationTest {

    static final String FIXATION = "9410000000000001";
    static final String INACTIVE = "9410000000000003";
    static final String CARD_NOT_FOUND = "9410000000000029";
    static final String NO_ACCOUNT = "9410000000000067";

    JobApi alpha;

    @BeforeEach
    void client() {
        alpha = new JobApi(port, "alpha");
    }

    @Test
    void aJobAnswersEveryIndexInInputOrderWithTheBatchResultObjectsThenASummary() {
        List<String> fresh = JobApi.freshCards(5_100_000L, 5);
        String body = "{\"other\":{\"a\":[1,2]},\"cardNos\":[\"" + FIXATION + "\",\"12\",null,\"" + CARD_NOT_FOUND
                + "\",\"" + NO_ACCOUNT + "\",\"" + FIXATION + "\"," + 42 + ",\"" + INACTIVE + "\",\""
                + String.join("\",\"", fresh) + "\"]}";
        HttpResponse<String> submitted = alpha.submit("application/json", body, null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode status = JSON.readTree(submitted.body());
        String id = status.get("id").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(submitted.headers().firstValue("Location")).hasValue(JOBS + "/" + id);
        assertThat(status.get("total").asInt()).isEqualTo(13);
        assertThat(status.get("state").asString()).isIn("QUEUED", "RUNNING", "DONE");
        for (String field : List.of("completed", "cacheHits", "upstreamCalls", "stale", "errors", "createdAt",
                "startedAt", "finishedAt", "cardsPerSecond", "etaSeconds")) {
            assertThat(status.has(field)).as(field).isTrue();
        }

        JsonNode done = alpha.awaitDone(id, Duration.ofSeconds(30));
        assertThat(done.get("completed").asInt()).isEqualTo(13);
        // ten distinct cards per chunk (index 5 repeats index 0's card in another chunk: a hit, a join or a call)
        assertThat(done.get("upstreamCalls").asInt() + done.get("cacheHits").asInt()).isEqualTo(10);
        assertThat(done.get("etaSeconds").asLong()).isZero();
        assertThat(done.get("finishedAt").asString()).isNotEmpty();
        assertThat(done.get("errors").toString())
                .isEqualTo("{\"000_002\":2,\"000_003\":1,\"003_029\":1,\"003_067\":1}");

        List<String> lines = alpha.results(id, 0);
        assertThat(lines).hasSize(14);
        assertThat(lines.get(0)).isEqualTo("{\"index\":0,\"source\":\"UPSTREAM\",\"accountNo\":\"79790000000001\","
                + "\"bankCode\":\"090\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\"}");
        assertThat(lines.get(1)).isEqualTo(
                "{\"index\":1,\"error\":{\"code\":\"000_002\",\"message\":\"cardNo must be exactly 16 ASCII digits.\"}}");
        assertThat(lines.get(2)).isEqualTo("{\"index\":2,\"error\":{\"code\":\"000_003\",\"message\":\"cardNo is required.\"}}");
        assertThat(lines.get(3)).isEqualTo(
                "{\"index\":3,\"source\":\"UPSTREAM\",\"error\":{\"code\":\"003_029\",\"message\":\"Card not found\"}}");
        assertThat(lines.get(4)).contains("\"index\":4").contains("003_067");
        // index 5 repeats index 0's card in another chunk: a hit on what index 0 wrote back, or joined/looked up
        assertThat(JSON.readTree(lines.get(5)).get("accountNo").asString()).isEqualTo("79790000000001");
        assertThat(lines.get(6)).isEqualTo("{\"index\":6,\"error\":{\"code\":\"000_002\",\"message\":\"cardNo must be a string.\"}}");
        assertThat(lines.get(7)).contains("\"index\":7").contains("79790000000003").contains("INACTIVE");
        for (int i = 0; i < fresh.size(); i++) {
            JobApi.assertAccount(lines.get(8 + i), 8 + i, fresh.get(i));
        }
        JsonNode summary = JSON.readTree(lines.get(13)).get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(13);
        assertThat(summary.get("state").asString()).isEqualTo("DONE");
        assertThat(summary.get("results").asInt()).isEqualTo(13);
        assertThat(summary.get("errors").toString()).isEqualTo(done.get("errors").toString());
        assertThat(summary.has("elapsedMs")).isTrue();

        // resumed from an index: the same lines from there on
        assertThat(alpha.results(id, 6)).isEqualTo(lines.subList(6, 14));
        assertThat(alpha.results(id, 13)).isEqualTo(lines.subList(13, 14));
        for (String card : fresh) {
            assertThat(sandbox().inquiriesForCard(card)).as(card).isEqualTo(1);
        }
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void ndjsonInputIsOneEntryPerLine() {
        List<String> fresh = JobApi.freshCards(5_200_000L, 3);
        String body = "{\"cardNo\":\"" + fresh.get(0) + "\"}\n{\"cardNo\":null}\n\n{\"x\":1,\"cardNo\":\"" + fresh.get(1)
                + "\"}\n{\"cardNo\":7}\n{}\n{\"cardNo\":\"" + fresh.get(2) + "\"}\n";
        HttpResponse<String> submitted = alpha.submit("application/x-ndjson", body, null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = JSON.readTree(submitted.body()).get("id").asString();
        alpha.awaitDone(id, Duration.ofSeconds(30));
        List<String> lines = alpha.results(id, 0);
        assertThat(lines).hasSize(7);
        JobApi.assertAccount(lines.get(0), 0, fresh.get(0));
        assertThat(lines.get(1)).contains("000_003");
        JobApi.assertAccount(lines.get(2), 2, fresh.get(1));
        assertThat(lines.get(3)).contains("cardNo must be a string.");
        assertThat(lines.get(4)).contains("000_003");
        JobApi.assertAccount(lines.get(5), 5, fresh.get(2));
        assertThat(lines.get(6)).startsWith("{\"summary\":");

        assertThat(alpha.submit("application/x-ndjson", "{\"cardNo\":\"" + FIXATION + "\"}\n[1]\n", null).statusCode())
                .isEqualTo(400);
    }

    /**
     * The ids of the jobs Redis holds as submitted (a meta hash with an owner): a chunk of an earlier test's job that
     * lands after the flush may write that job's counters again, but never its owner.
     */
    private static java.util.Set<String> jobIds() {
        String ids = REDIS.command("EVAL", """
                local ids = {}
                for _, key in ipairs(redis.call('KEYS', 'konagw:jobs:v1:{*}:meta')) do
                  if redis.call('HEXISTS', key, 'owner') == 1 then table.insert(ids, key) end
                end
                return table.concat(ids, ' ')""", "0");
        java.util.Set<String> found = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([0-9a-f]+)}").matcher(ids == null ? "" : ids);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyShapeErrorIsAProblemAndQueuesNothing() {
        java.util.Set<String> jobsBefore = jobIds();
        assertProblem(alpha.submit("text/plain", "{\"cardNos\":[]}", null), 415, "900_007");
        assertProblem(alpha.submit("application/json", "[\"" + FIXATION + "\"]", null), 400, "000_002");
        assertProblem(alpha.submit("application/json", "{\"cardNos\":\"" + FIXATION + "\"}", null), 400, "000_002");
        assertProblem(alpha.submit("application/json", "{\"cardNos\":[\"" + FIXATION + "\"", null), 400, "000_002");
        assertProblem(alpha.submit("application/json", "{\"cardNos\":[],\"cardNos\":[]}", null), 400, "000_002");
        assertProblem(alpha.submit("application/json", "{\"cardNos\":[]} {}", null), 400, "000_002");
        assertProblem(alpha.submit("application/json", "not json", null), 400, "000_002");
        assertProblem(alpha.submit("application/json", "{}", null), 400, "000_003");
        assertProblem(alpha.submit("application/json", "{\"cardNos\":null}", null), 400, "000_003");
        String tooMany = JobApi.cardNos(Collections.nCopies(201, FIXATION));
        assertProblem(alpha.submit("application/json", tooMany, null), 413, "900_006");
        String tooLong = "{\"cardNos\":[\"" + FIXATION + "\"],\"pad\":\"" + "x".repeat(9000) + "\"}";
        assertProblem(alpha.submit("application/json", tooLong, null), 413, "900_006");
        assertProblem(alpha.get(JOBS + "/" + "0".repeat(32) + "/results?from=-1"), 400, "000_002");
        assertProblem(alpha.submit("application/json", "{\"cardNos\":[]}", " "), 400, "000_002");

        assertThat(sandbox().totalRequests()).isZero();
        assertThat(jobIds()).as("no job queued").isSubsetOf(jobsBefore);

        HttpResponse<String> empty = alpha.submit("application/json", "{\"cardNos\":[]}", null);
        assertThat(empty.statusCode()).isEqualTo(202);
        String id = JSON.readTree(empty.body()).get("id").asString();
        assertThat(alpha.status(id).get("state").asString()).isEqualTo("DONE");
        assertThat(alpha.results(id, 0)).hasSize(1).first().asString().startsWith("{\"summary\":{\"total\":0");
    }

    @Test
    void aJobBelongsToItsClientAlone() {
        String id = alpha.submit(List.of(FIXATION));
        JobApi beta = alpha.as("beta");
        for (HttpResponse<String> other : List.of(beta.get(JOBS + "/" + id), beta.get(JOBS + "/" + id + "/results"),
                beta.delete(JOBS + "/" + id), alpha.get(JOBS + "/" + "f".repeat(32)), alpha.get(JOBS + "/nope"))) {
            assertProblem(other, 404, "900_008");
        }
        JsonNode unknown = JSON.readTree(alpha.get(JOBS + "/" + "f".repeat(32)).body());
        JsonNode foreign = JSON.readTree(beta.get(JOBS + "/" + id).body());
        assertThat(foreign.get("detail")).isEqualTo(unknown.get("detail"));
        assertThat(alpha.awaitDone(id, Duration.ofSeconds(20)).get("state").asString()).isEqualTo("DONE");
    }

    @Test
    void theSameIdempotencyKeyFromTheSameClientIsTheSameJob() {
        String body = JobApi.cardNos(List.of(FIXATION));
        HttpResponse<String> first = alpha.submit("application/json", body, "nightly-2024-01-01");
        assertThat(first.statusCode()).isEqualTo(202);
        String id = JSON.readTree(first.body()).get("id").asString();
        HttpResponse<String> again = alpha.submit("application/json", body, "nightly-2024-01-01");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asString()).isEqualTo(id);
        assertThat(again.headers().firstValue("Location")).hasValue(JOBS + "/" + id);

        HttpResponse<String> otherKey = alpha.submit("application/json", body, "nightly-2024-01-02");
        assertThat(otherKey.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(otherKey.body()).get("id").asString()).isNotEqualTo(id);
        HttpResponse<String> otherClient = alpha.as("beta").submit("application/json", body, "nightly-2024-01-01");
        assertThat(otherClient.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(otherClient.body()).get("id").asString()).isNotEqualTo(id);
        // the key itself is nowhere in Redis: only its keyed hash
        assertThat(String.join("\n", REDIS.command("KEYS", "*"))).doesNotContain("nightly");
    }

    @Test
    void whileAJobRunsItsResultsAreTheCompletedPrefixInOrder() {
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(150)));
        List<String> cards = JobApi.freshCards(5_300_000L, 40);
        String id = alpha.submit(cards);
        JsonNode running = alpha.awaitStatus(id, Duration.ofSeconds(20),
                s -> "RUNNING".equals(s.get("state").asString()) && s.get("completed").asInt() >= 8);
        List<String> partial = alpha.results(id, 0);
        assertThat(partial).isNotEmpty().hasSizeLessThan(40);
        assertThat(partial.size() % 4).as("whole chunks").isZero();
        for (int i = 0; i < partial.size(); i++) {
            JobApi.assertAccount(partial.get(i), i, cards.get(i));
        }
        assertThat(running.get("cardsPerSecond").asDouble()).isPositive();
        alpha.awaitDone(id, Duration.ofSeconds(30));
        List<String> all = alpha.results(id, 0);
        assertThat(all).hasSize(41);
        assertThat(all.subList(0, partial.size())).isEqualTo(partial);
        // resuming where the partial download stopped gives the rest
        assertThat(alpha.results(id, partial.size())).isEqualTo(all.subList(partial.size(), 41));
    }

    @Test
    void aCancelledJobStopsStartingChunksAndKeepsItsResults() {
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(200)));
        List<String> cards = JobApi.freshCards(5_400_000L, 80);
        String id = alpha.submit(cards);
        alpha.awaitStatus(id, Duration.ofSeconds(20), s -> s.get("completed").asInt() >= 4);
        HttpResponse<String> cancelled = alpha.delete(JOBS + "/" + id);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(cancelled.body()).get("state").asString()).isEqualTo("CANCELLED");
        long callsAtCancel = sandbox().requests(InquiryHandler.INQUIRY_PATH);
        // chunks in flight stop sending: at most the two running chunks' cards may still arrive
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> sandbox().requests(InquiryHandler.INQUIRY_PATH) <= callsAtCancel + 8);
        JsonNode status = alpha.status(id);
        assertThat(status.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(status.get("finishedAt").asString()).isNotEmpty();
        assertThat(sandbox().requests(InquiryHandler.INQUIRY_PATH)).isLessThan(60);
        List<String> read = alpha.results(id, 0);
        // the readable prefix, then a summary saying the job ended there
        List<String> kept = read.subList(0, read.size() - 1);
        assertThat(kept).isNotEmpty();
        for (int i = 0; i < kept.size(); i++) {
            JobApi.assertAccount(kept.get(i), i, cards.get(i));
        }
        JsonNode summary = JSON.readTree(read.get(read.size() - 1)).get("summary");
        assertThat(summary.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(summary.get("results").asInt()).isEqualTo(kept.size());
        assertThat(summary.get("total").asInt()).isEqualTo(80);
        // from the end of the prefix on: the summary alone
        assertThat(alpha.results(id, kept.size())).containsExactly(read.get(read.size() - 1));
        // from past the prefix (its chunk never stored): the summary alone, not claiming results before `from`
        List<String> past = alpha.results(id, 79);
        assertThat(past).hasSize(1);
        assertThat(JSON.readTree(past.get(0)).get("summary").get("results").asInt()).isEqualTo(79);
        assertThat(alpha.delete(JOBS + "/" + id).statusCode()).isEqualTo(202);
    }

    @Test
    void aSmallJobIsNotHeldBackByALargeOne() {
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(150)));
        String large = alpha.submit(JobApi.freshCards(5_500_000L, 160));
        alpha.awaitStatus(large, Duration.ofSeconds(20), s -> "RUNNING".equals(s.get("state").asString()));
        String small = alpha.as("beta").submit(JobApi.freshCards(5_600_000L, 4));
        new JobApi(port, "beta").awaitDone(small, Duration.ofSeconds(20));
        JsonNode largeNow = alpha.status(large);
        assertThat(largeNow.get("state").asString()).isEqualTo("RUNNING");
        assertThat(largeNow.get("completed").asInt()).isLessThan(100);
        alpha.delete(JOBS + "/" + large);
    }

    /** What Redis holds while a job runs and after: neither the cards nor their accounts, in any key or value. */
    @Test
    void redisHoldsNoCardOrAccountNumberDuringOrAfterAJob() {
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(100)));
        List<String> cards = JobApi.freshCards(5_700_000L, 40);
        List<String> secrets = new ArrayList<>(cards);
        for (String card : cards) {
            VirtualAccount account = SandboxDataset.accountOf(card);
            secrets.add(account.accountNo());
        }
        String id = alpha.submit(cards);
        alpha.awaitStatus(id, Duration.ofSeconds(20),
                s -> "RUNNING".equals(s.get("state").asString()) && s.get("completed").asInt() >= 4);
        String during = dumpAll();
        alpha.awaitDone(id, Duration.ofSeconds(30));
        String after = dumpAll();
        assertThat(during).contains(id).contains("konagw:jobs:v1:");
        for (String secret : secrets) {
            assertThat(during).as("Redis during the job").doesNotContain(secret);
            assertThat(after).as("Redis after the job").doesNotContain(secret);
        }
        // the input chunks are gone once their results are stored; every key of the job expires
        assertThat(REDIS.command("XLEN", RedisJobEngine.chunks(id))).isEqualTo("0");
        for (String key : List.of(RedisJobEngine.meta(id), RedisJobEngine.results(id))) {
            long ttl = Long.parseLong(REDIS.command("PTTL", key));
            assertThat(ttl).as(key).isPositive().isLessThanOrEqualTo(Duration.ofHours(24).toMillis());
        }
    }

    @Test
    void theOpenApiDescriptionNamesTheJobRoutesAndTheStatusDocument() {
        JsonNode api = JSON.readTree(alpha.get("/v3/api-docs").body());
        JsonNode paths = api.path("paths");
        assertThat(paths.path(JobsHandler.JOBS_PATH).path("post").path("operationId").asString())
                .isEqualTo("submitInquiryJob");
        assertThat(paths.path(JobsHandler.JOBS_PATH).path("post").path("responses").has("202")).isTrue();
        assertThat(paths.path(JobsHandler.JOB_PATH).path("get").path("responses").has("404")).isTrue();
        assertThat(paths.path(JobsHandler.JOB_PATH).path("delete").path("responses").has("202")).isTrue();
        assertThat(paths.path(JobsHandler.RESULTS_PATH).path("get").path("operationId").asString())
                .isEqualTo("inquiryJobResults");
        java.util.Set<String> documented = new java.util.TreeSet<>(
                api.path("components").path("schemas").path("JobStatus").path("properties").propertyNames());
        java.util.Set<String> written = new java.util.TreeSet<>();
        for (var component : JobStatus.class.getRecordComponents()) {
            written.add(component.getName());
        }
        assertThat(documented).isEqualTo(written);
    }

    /** Every key (SCAN), and every value whatever its type, as Latin-1 text. */
    static String dumpAll() {
        StringBuilder all = new StringBuilder();
        String cursor = "0";
        do {
            String reply = REDIS.command("SCAN", cursor, "COUNT", "1000");
            String[] parts = reply.split("\n", 2);
            cursor = parts[0];
            for (String key : parts.length > 1 ? parts[1].split("\n") : new String[0]) {
                if (key.isBlank()) {
                    continue;
                }
                all.append(key).append('\n');
                String type = REDIS.command("TYPE", key);
                all.append(switch (type) {
                    case "string" -> REDIS.command("GET", key);
                    case "hash" -> REDIS.command("HGETALL", key);
                    case "stream" -> REDIS.command("XRANGE", key, "-", "+");
                    case "zset" -> REDIS.command("ZRANGE", key, "0", "-1", "WITHSCORES");
                    case "set" -> REDIS.command("SMEMBERS", key);
                    case "list" -> REDIS.command("LRANGE", key, "0", "-1");
                    default -> "";
                }).append('\n');
            }
        } while (!"0".equals(cursor));
        return all.toString();
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }
}
