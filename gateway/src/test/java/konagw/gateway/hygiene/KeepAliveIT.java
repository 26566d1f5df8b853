package konagw.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.gateway.jobs.JobsHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.support.RawHttp;

/**
 * A keep-alive connection keeps being read after pipelined requests: the first answered later (a job's status, read
 * from Redis), the second at once (a malformed job id). Reactor Netty 1.3.7 then stopped reading the connection, and
 * the client's next request was never answered (reactor-netty#4361): the "request that outlived every timeout"
 * seen in JobsIT, JobFailoverIT and RedisOutageIT, whose clients reuse connections.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeepAliveIT extends GatewayIntegrationTest {

    static final String LATER = JobsHandler.JOBS_PATH + "/" + "f".repeat(32);
    static final String AT_ONCE = JobsHandler.JOBS_PATH + "/nope";

    @RepeatedTest(3)
    void theNextRequestOnTheConnectionIsAnsweredAfterAPipelinedPairAnsweredLaterThenAtOnce() throws IOException {
        try (RawHttp.KeepAlive connection = new RawHttp.KeepAlive(port, 10_000)) {
            connection.get(LATER, AT_ONCE);
            assertThat(connection.read().status()).isEqualTo(404);
            assertThat(connection.read().status()).isEqualTo(404);

            connection.get(AT_ONCE);
            assertThat(connection.read().status()).as("the request after the pair").isEqualTo(404);
        }
    }
}
