package konagw.gateway.jobs;

import static konagw.gateway.jobs.JobApi.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.gateway.support.GatewayIntegrationTest;

/** On Redis, everything of a job (status, results, input stream, idempotency key) expires retention after it ends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.auth.mode=mesh",
    "konagw.jobs.chunk-size=2",
    "konagw.jobs.retention=3s"
})
class JobExpiryIT extends GatewayIntegrationTest {

    @Test
    void aJobAndEverythingOfItExpireRetentionAfterItEnds() {
        JobApi alpha = new JobApi(port, "alpha");
        String body = JobApi.cardNos(JobApi.freshCards(6_200_000L, 5));
        String id = JobApi.JSON.readTree(alpha.submit("application/json", body, "once").body()).get("id").asString();
        alpha.awaitDone(id, Duration.ofSeconds(30));
        assertThat(alpha.results(id, 0)).hasSize(6);
        assertThat(jobKeys()).isPositive();

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobKeys() == 0);
        JobsIT.assertProblem(alpha.get(JOBS + "/" + id), 404, "900_008");
        JobsIT.assertProblem(alpha.get(JOBS + "/" + id + "/results"), 404, "900_008");
        // the idempotency key went with the job: the same key makes a new job
        String again = JobApi.JSON.readTree(alpha.submit("application/json", body, "once").body()).get("id").asString();
        assertThat(again).isNotEqualTo(id);
        assertThat(List.of(again)).doesNotContain(id);
    }

    static long jobKeys() {
        return Long.parseLong(REDIS.command("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", "konagw:jobs:v1:*"));
    }
}
