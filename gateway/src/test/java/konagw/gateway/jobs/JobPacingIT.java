package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.gateway.support.GatewayIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * A cold job under a binding upstream quota: paced by it, never failing on it — no 900_001, each distinct card upstream
 * exactly once, and not faster than the quota allows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.auth.mode=mesh",
    "konagw.upstream.rate-limit.enabled=true",
    "konagw.upstream.rate-limit.permits-per-second=20",
    "konagw.upstream.rate-limit.burst=2",
    "konagw.upstream.rate-limit.batch-share=1.0",
    "konagw.jobs.chunk-size=10",
    "konagw.jobs.concurrency=2"
})
class JobPacingIT extends GatewayIntegrationTest {

    static final int CARDS = 60;

    @Test
    void aColdJobUnderAQuotaFinishesWithoutRefusalsAtTheQuotasPace() {
        JobApi alpha = new JobApi(port, "alpha");
        List<String> cards = JobApi.freshCards(8_100_000L, CARDS);
        String id = alpha.submit(cards);
        JsonNode done = alpha.awaitDone(id, Duration.ofSeconds(90));

        assertThat(done.get("errors").size()).as(done.toString()).isZero();
        List<String> lines = alpha.results(id, 0);
        for (int i = 0; i < CARDS; i++) {
            JobApi.assertAccount(lines.get(i), i, cards.get(i));
        }
        for (String card : cards) {
            assertThat(sandbox().inquiriesForCard(card)).as(card).isEqualTo(1);
        }
        // at most burst + rate × time calls: 60 calls take at least (60 - 2) / 20 s
        Duration took = Duration.between(Instant.parse(done.get("startedAt").asString()),
                Instant.parse(done.get("finishedAt").asString()));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis((CARDS - 2) * 1000L / 20 - 100));
    }
}
