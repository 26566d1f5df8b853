package konagw.gateway.jobs;

import static konagw.gateway.jobs.JobApi.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The local default: no Redis configured, jobs in this instance's memory, the same API. Retention is short here, so a
 * finished job expires during the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.server.port=0",
    "konagw.auth.mode=mesh",
    "konagw.jobs.chunk-size=3",
    "konagw.jobs.retention=2s"
})
class InMemoryJobsIT {

    @LocalServerPort
    int port;

    @Autowired
    JobEngine engine;

    @Test
    void jobsRunInMemoryAndExpireRetentionAfterTheyEnd() {
        assertThat(engine.kind()).isEqualTo("in-memory");
        JobApi alpha = new JobApi(port, "alpha");
        List<String> cards = JobApi.freshCards(6_100_000L, 7);
        String id = alpha.submit(cards);
        alpha.awaitDone(id, Duration.ofSeconds(30));
        List<String> lines = alpha.results(id, 0);
        assertThat(lines).hasSize(8);
        for (int i = 0; i < cards.size(); i++) {
            JobApi.assertAccount(lines.get(i), i, cards.get(i));
        }
        assertThat(lines.get(7)).startsWith("{\"summary\":{\"total\":7,");
        JobsIT.assertProblem(alpha.as("beta").get(JOBS + "/" + id), 404, "900_008");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> alpha.get(JOBS + "/" + id).statusCode() == 404);
        JobsIT.assertProblem(alpha.get(JOBS + "/" + id + "/results"), 404, "900_008");
    }
}
