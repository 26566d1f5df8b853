package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.sandbox.Fault;
import reactor.core.publisher.Flux;

/**
 * A slow upstream (2 s) and a generous time budget, so that all 100 callers are surely waiting on the one
 * call even on a busy machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "resilience4j.timelimiter.instances.konaplate.timeout-duration=10s"
})
class CoalescingIT extends GatewayIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    MeterRegistry meters;

    @Test
    void concurrentMissesForOneCardMakeOneUpstreamCall() {
        sandbox().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofSeconds(2)));
        String card = "9420000000012345";
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        List<Integer> statuses = Flux.range(0, 100)
                .flatMap(i -> client.post().uri(InquiryHandler.INQUIRY_PATH).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"cardNo\":\"" + card + "\"}")
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
                        100)
                .collectList()
                .block(Duration.ofSeconds(60));
        assertThat(statuses).hasSize(100).containsOnly(200);
        assertThat(sandbox().inquiriesForCard(card)).isEqualTo(1);
        assertThat(meters.get("konagw.cache.requests").tags("outcome", "coalesced", "result", "account").counter()
                .count()).isGreaterThan(0);
    }
}
