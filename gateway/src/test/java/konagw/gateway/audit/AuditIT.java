package konagw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail written to its own file by the real application (real sandbox, real Redis): one JSON event per
 * facade lookup, batch, job submission, job results read or cancel, and passthrough call, with the caller, the masked
 * card (or the counts, or the job), the source and the result code, and never a card number.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // SHA-256 of "alpha-key-0001"
    "konagw.auth.api-keys.alpha=2b1a5931da26d19c00366a5f12423f1ba3a021ad5878bc8d49536c976c31a033",
    "konagw.audit.per-card-batch=true"
})
class AuditIT extends GatewayIntegrationTest {

    static final Path FILE = tempFile();
    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void auditFile(DynamicPropertyRegistry registry) {
        registry.add("konagw.audit.file", FILE::toString);
    }

    @Test
    void eachLookupAndPassthroughCallIsOneEventWithTheMaskedCard() throws IOException {
        post(INQUIRY, "{\"cardNo\":\"9410000000000001\"}", "alpha-key-0001", "audit-miss").expectStatus().isOk();
        awaitCached("9410000000000001");
        post(INQUIRY, "{\"cardNo\":\"9410000000000001\"}", "alpha-key-0001", "audit-hit").expectStatus().isOk();
        post(INQUIRY, "{\"cardNo\":\"9410000000000029\"}", "alpha-key-0001", "audit-vendor-error")
                .expectStatus().isBadRequest();
        post(INQUIRY, "{\"cardNo\":\"12\"}", "alpha-key-0001", "audit-invalid").expectStatus().isBadRequest();
        post(INQUIRY, "{\"cardNo\":\"9410000000000002\"}", null, "audit-refused").expectStatus().isUnauthorized();
        post("/api/v1/member/register", "{\"memberId\":\"M-9\"}", "alpha-key-0001", "audit-passthrough")
                .expectStatus().isOk();

        // an event is written once its answer is sent: the order between requests is not the test's business
        List<String> ids = List.of("audit-miss", "audit-hit", "audit-vendor-error", "audit-invalid", "audit-refused",
                "audit-passthrough");
        Map<String, Map<String, Object>> events = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> byRequestId(lines()), e -> e.keySet().containsAll(ids));
        assertThat(lines()).extracting(e -> e.get("requestId")).filteredOn(ids::contains).hasSize(ids.size());

        assertThat(events.get("audit-miss")).containsEntry("api", "inquiry").containsEntry("clientId", "alpha")
                .containsEntry("card", "941000******0001").containsEntry("source", "UPSTREAM")
                .containsEntry("resultCode", "000_000").containsEntry("status", 200)
                .containsKeys("time", "latencyMs");
        assertThat((String) events.get("audit-miss").get("correlationId")).matches("[0-9]{12}-[0-9a-f]{7}");
        assertThat(events.get("audit-hit")).containsEntry("source", "CACHE").containsEntry("card", "941000******0001")
                .containsEntry("resultCode", "000_000");
        assertThat(events.get("audit-vendor-error")).containsEntry("card", "941000******0029")
                .containsEntry("source", "UPSTREAM").containsEntry("resultCode", "003_029").containsEntry("status", 400);
        assertThat(events.get("audit-invalid")).containsEntry("card", null).containsEntry("resultCode", "000_002")
                .containsEntry("source", null);
        // refused callers are recorded too; their body is never read, so no card was accessed
        assertThat(events.get("audit-refused")).containsEntry("clientId", null)
                .containsEntry("card", null).containsEntry("resultCode", "900_005")
                .containsEntry("status", 401);
        assertThat(events.get("audit-passthrough")).containsEntry("api", "passthrough")
                .containsEntry("path", "/api/v1/member/register").containsEntry("card", null)
                .containsEntry("source", "UPSTREAM").containsEntry("resultCode", "000_000")
                .containsEntry("clientId", "alpha");

        String file = Files.readString(FILE);
        assertThat(file).doesNotContain("9410000000000001", "9410000000000029", "9410000000000002");
        assertThat(meters.counter("konagw.audit.events").count()).isGreaterThanOrEqualTo(6);
        assertThat(meters.counter("konagw.audit.failures").count()).isZero();
    }

    @Test
    void aBatchAndAJobSubmissionCarryTheirCountsAndReadingOrCancellingAJobIsRecorded() throws IOException {
        post(INQUIRY + "/batch", "{\"cardNos\":[\"9410000000000001\",\"9410000000000001\",\"9410000000000029\",\"12\"]}",
                "alpha-key-0001", "audit-batch").expectStatus().isOk();
        String job = post(INQUIRY + "/jobs", "{\"cardNos\":[\"9410000000000002\",\"9410000000000003\"]}",
                "alpha-key-0001", "audit-job").expectStatus().isAccepted()
                .returnResult(String.class).getResponseHeaders().getLocation().getPath();
        String id = job.substring(job.lastIndexOf('/') + 1);
        exchange(http.get().uri(job), "audit-job-status").expectStatus().isOk();
        exchange(http.get().uri(job + "/results"), "audit-job-results").expectStatus().isOk();
        exchange(http.delete().uri(job), "audit-job-cancel").expectStatus().is2xxSuccessful();

        List<String> ids = List.of("audit-batch", "audit-job", "audit-job-results", "audit-job-cancel");
        Map<String, Map<String, Object>> events = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> byRequestId(lines().stream().filter(e -> e.get("card") == null
                        || !"inquiry/batch".equals(e.get("api"))).toList()), e -> e.keySet().containsAll(ids));
        assertThat(events.get("audit-batch")).containsEntry("api", "inquiry/batch").containsEntry("job", null)
                .containsEntry("clientId", "alpha").containsEntry("status", 200);
        assertThat(counts(events.get("audit-batch"))).containsEntry("entries", 4)
                .containsEntry("cards", 2).containsEntry("errors", 2);
        // per-card-batch: one more event per distinct card, under the batch's request id
        List<Map<String, Object>> cards = lines().stream()
                .filter(e -> "audit-batch".equals(e.get("requestId")) && e.get("card") != null).toList();
        assertThat(cards).extracting(e -> e.get("card"), e -> e.get("resultCode"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("941000******0001", "000_000"),
                        org.assertj.core.groups.Tuple.tuple("941000******0029", "003_029"));
        assertThat(cards).allSatisfy(e -> assertThat(e).containsEntry("api", "inquiry/batch")
                .containsEntry("clientId", "alpha").containsEntry("counts", null));
        assertThat(events.get("audit-job")).containsEntry("api", "jobs").containsEntry("job", id)
                .containsEntry("status", 202).containsEntry("card", null);
        assertThat(counts(events.get("audit-job"))).containsEntry("entries", 2);
        // results hold account numbers: who read which job is recorded; its status (counts only) is not
        assertThat(events.get("audit-job-results")).containsEntry("api", "jobs/results").containsEntry("job", id)
                .containsEntry("status", 200).containsEntry("counts", null);
        assertThat(events.get("audit-job-cancel")).containsEntry("api", "jobs/cancel").containsEntry("job", id);
        assertThat(events).doesNotContainKey("audit-job-status");
        assertThat(Files.readString(FILE)).doesNotContain("9410000000000002", "9410000000000003");
    }

    @Test
    void perCardBatchAlsoRecordsEachCardAJobLookedUpUnderItsSubmitterAndItsId() throws IOException {
        String job = post(INQUIRY + "/jobs",
                "{\"cardNos\":[\"9420000000000004\",\"9420000000000004\",\"9410000000000029\",\"12\"]}",
                "alpha-key-0001", "audit-job-cards").expectStatus().isAccepted()
                .returnResult(String.class).getResponseHeaders().getLocation().getPath();
        String id = job.substring(job.lastIndexOf('/') + 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(
                exchange(http.get().uri(job), "audit-job-cards-status").expectStatus().isOk()
                        .expectBody(Map.class).returnResult().getResponseBody().get("state")));

        // one event per distinct valid card, once its chunk is stored (the invalid entry accessed no card)
        List<Map<String, Object>> cards = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> lines().stream().filter(e -> id.equals(e.get("job"))
                        && CardAudit.JOB_LOOKUP.equals(e.get("api"))).toList(), l -> l.size() >= 2);
        assertThat(cards).extracting(e -> e.get("card"), e -> e.get("resultCode"), e -> e.get("source"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("942000******0004", "000_000", "UPSTREAM"),
                        org.assertj.core.groups.Tuple.tuple("941000******0029", "003_029", "UPSTREAM"));
        assertThat(cards).allSatisfy(e -> assertThat(e).containsEntry("clientId", "alpha")
                .containsEntry("path", job).containsEntry("status", 0).containsEntry("counts", null)
                .containsEntry("requestId", null).hasEntrySatisfying("correlationId", c -> assertThat(c).isNotNull()));
        assertThat(Files.readString(FILE)).doesNotContain("9420000000000004");
    }

    @Test
    void aCancelledJobRecordsTheCardsItsRunningChunkHadAnswered() throws IOException {
        post(INQUIRY, "{\"cardNo\":\"9420000000000011\"}", "alpha-key-0001", "audit-precache").expectStatus().isOk();
        awaitCached("9420000000000011");
        long upstreamBefore = sandbox().requests(InquiryHandler.INQUIRY_PATH);
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofSeconds(10)));
        String job = post(INQUIRY + "/jobs", "{\"cardNos\":[\"9420000000000011\",\"9420000000000012\"]}",
                "alpha-key-0001", "audit-job-cancelled").expectStatus().isAccepted()
                .returnResult(String.class).getResponseHeaders().getLocation().getPath();
        String id = job.substring(job.lastIndexOf('/') + 1);
        // the chunk's cache read answered the cached card before the other one went upstream (where it now waits)
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> sandbox().requests(InquiryHandler.INQUIRY_PATH) > upstreamBefore);
        exchange(http.delete().uri(job), "audit-job-cancelled-cancel").expectStatus().is2xxSuccessful()
                .expectBody(Map.class).value(status -> assertThat(status).containsEntry("state", "CANCELLED"));

        List<Map<String, Object>> cards = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> lines().stream().filter(e -> id.equals(e.get("job"))
                        && CardAudit.JOB_LOOKUP.equals(e.get("api"))).toList(), l -> !l.isEmpty());
        assertThat(cards).anySatisfy(e -> assertThat(e).containsEntry("card", "942000******0011")
                .containsEntry("source", "CACHE").containsEntry("resultCode", "000_000")
                .containsEntry("clientId", "alpha"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counts(Map<String, Object> event) {
        return (Map<String, Object>) event.get("counts");
    }

    private WebTestClient.ResponseSpec exchange(WebTestClient.RequestHeadersSpec<?> request, String correlationId) {
        return request.header("X-Api-Key", "alpha-key-0001").header("X-Correlation-Id", correlationId).exchange();
    }

    private WebTestClient.ResponseSpec post(String path, String body, String apiKey, String correlationId) {
        return http.post().uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (apiKey != null) {
                        h.set("X-Api-Key", apiKey);
                    }
                    if (correlationId != null) {
                        h.set("X-Correlation-Id", correlationId);
                    }
                })
                .bodyValue(body)
                .exchange();
    }

    static Map<String, Map<String, Object>> byRequestId(List<Map<String, Object>> events) {
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        events.forEach(e -> byId.put(String.valueOf(e.get("requestId")), e));
        return byId;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> lines() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        return Files.readAllLines(FILE).stream().filter(l -> !l.isBlank())
                .map(l -> (Map<String, Object>) json.readValue(l, Map.class)).toList();
    }

    static Path tempFile() {
        try {
            Path file = Files.createTempFile("konagw-audit-", ".jsonl");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
