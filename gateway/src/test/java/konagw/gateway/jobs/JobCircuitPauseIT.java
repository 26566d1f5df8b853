package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.upstream.UpstreamPolicy;
import tools.jackson.databind.JsonNode;

/**
 * A job meets an open circuit: its chunk pauses — nothing sent upstream, no card answered {@code 900_001} — and
 * resumes by itself once the breaker lets calls through again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.auth.mode=mesh",
    "konagw.jobs.chunk-size=5",
    "konagw.jobs.concurrency=1"
})
class JobCircuitPauseIT extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aChunkPausesWhileTheCircuitIsOpenAndFinishesOnceItCloses() {
        CircuitBreaker breaker = breakers.circuitBreaker(UpstreamPolicy.INQUIRY_INSTANCE);
        breaker.transitionToForcedOpenState();
        double pausesBefore = pauses();
        JobApi alpha = new JobApi(port, "alpha");
        List<String> cards = JobApi.freshCards(8_300_000L, 10);
        String id = alpha.submit(cards);

        // paused twice: the first look-up was refused, and the one after the first pause as well
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pauses() >= pausesBefore + 2);
        JsonNode paused = alpha.status(id);
        assertThat(paused.get("state").asString()).isEqualTo("RUNNING");
        assertThat(paused.get("completed").asInt()).isZero();
        assertThat(paused.get("errors").size()).as(paused.toString()).isZero();
        assertThat(sandbox().requests(InquiryHandler.INQUIRY_PATH)).isZero();

        breaker.transitionToClosedState();
        JsonNode done = alpha.awaitDone(id, Duration.ofSeconds(60));
        assertThat(done.get("errors").size()).as(done.toString()).isZero();
        List<String> lines = alpha.results(id, 0);
        for (int i = 0; i < cards.size(); i++) {
            JobApi.assertAccount(lines.get(i), i, cards.get(i));
        }
        for (String card : cards) {
            assertThat(sandbox().inquiriesForCard(card)).as(card).isEqualTo(1);
        }
    }

    private double pauses() {
        return meters.get("konagw.jobs.paused").counter().count();
    }
}
