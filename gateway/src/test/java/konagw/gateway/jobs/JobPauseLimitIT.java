package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.upstream.UpstreamPolicy;
import tools.jackson.databind.JsonNode;

/**
 * A circuit that stays open longer than {@code konagw.jobs.max-pause}: the paused cards then keep their
 * {@code 900_001}, and the job still ends {@code DONE} with one result per index.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.auth.mode=mesh",
    "konagw.jobs.chunk-size=5",
    "konagw.jobs.concurrency=1",
    "konagw.jobs.max-pause=1s"
})
class JobPauseLimitIT extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void afterMaxPauseTheRefusedCardsKeep900001() {
        breakers.circuitBreaker(UpstreamPolicy.INQUIRY_INSTANCE).transitionToForcedOpenState();
        double pausesBefore = meters.get("konagw.jobs.paused").counter().count();
        JobApi alpha = new JobApi(port, "alpha");
        List<String> cards = JobApi.freshCards(8_400_000L, 7);
        String id = alpha.submit(cards);

        JsonNode done = alpha.awaitDone(id, Duration.ofSeconds(30));
        assertThat(done.get("errors").toString()).isEqualTo("{\"900_001\":7}");
        assertThat(meters.get("konagw.jobs.paused").counter().count()).isGreaterThan(pausesBefore);
        List<String> lines = alpha.results(id, 0);
        assertThat(lines).hasSize(8);
        for (int i = 0; i < cards.size(); i++) {
            assertThat(JobApi.JSON.readTree(lines.get(i)).get("error").get("code").asString()).isEqualTo("900_001");
        }
        assertThat(sandbox().requests(InquiryHandler.INQUIRY_PATH)).isZero();
    }
}
