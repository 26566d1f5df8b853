package konagw.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import konagw.gateway.jobs.JobsHandler;
import konagw.gateway.support.GatewayIntegrationTest;

/**
 * Traces exported by the real application (real sandbox, real Redis) to an OTLP/HTTP receiver started here: the
 * facade request continues the caller's W3C trace, cache reads, upstream exchanges and batches are its spans, the
 * upstream span names the X-KM correlation id — and no exported byte is a card or an account number, and no trace
 * header reaches the vendor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.tracing.sampling.probability=1.0",
    "management.opentelemetry.tracing.export.schedule-delay=100ms"
})
class TracingIT extends GatewayIntegrationTest {

    static final OtlpReceiver RECEIVER = OtlpReceiver.start();
    static final String INQUIRY = "/api/v1/card/virtual-account/inquiry";
    static final String MISS = "9410000000000001";
    static final String BATCH_CARD = "9410000000000010";
    static final String NOT_FOUND = "9410000000000029";
    static final String IN_URL = "9410000000000038";
    static final String JOB_CARD = "9420000007100001";
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";
    static final Pattern ACCOUNT = Pattern.compile("\"accountNo\":\"([^\"]+)\"");

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add(TracingActivation.ENDPOINT, RECEIVER::endpoint);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void requestsAreTracedUnderTheCallersTraceWithoutCardsAccountsOrHeadersToTheVendor() {
        List<String> accounts = new ArrayList<>();
        accounts.addAll(accountsIn(post(INQUIRY, "{\"cardNo\":\"" + MISS + "\"}", true).expectStatus().isOk()));
        awaitCached(MISS);
        accounts.addAll(accountsIn(post(INQUIRY, "{\"cardNo\":\"" + MISS + "\"}", false).expectStatus().isOk()));
        accounts.addAll(accountsIn(post(INQUIRY + "/batch", "{\"cardNos\":[\"" + MISS + "\",\"" + BATCH_CARD + "\"]}",
                false).expectStatus().isOk()));
        post(INQUIRY, "{\"cardNo\":\"" + NOT_FOUND + "\"}", false).expectStatus().isBadRequest();
        post("/api/v1/member/register", "{\"memberId\":\"M-9\"}", true).expectStatus().isOk();
        // a caller may put a card number in a passthrough URL: the framework's URL attributes are masked
        post("/api/v1/member/" + IN_URL + "/register?cardNo=" + IN_URL, "{\"memberId\":\"M-9\"}", true)
                .returnResult(String.class);
        String job = http.post().uri(JobsHandler.JOBS_PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNos\":[\"" + JOB_CARD + "\"]}").exchange().expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> names(RECEIVER.spans()).contains("konagw.jobs.chunk"));
        accounts.addAll(accountsIn(http.get().uri(JobsHandler.JOBS_PATH + "/" + job + "/results").exchange()
                .expectStatus().isOk()));
        assertThat(accounts).as("account numbers answered").hasSizeGreaterThanOrEqualTo(4);

        List<OtlpReceiver.Span> spans = Awaitility.await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(RECEIVER::spans, all -> names(all).containsAll(List.of("konagw.upstream", "konagw.cache.read",
                        "konagw.batch")) && all.stream().filter(s -> s.traceId().equals(CALLER_TRACE)).count() >= 4);

        // the facade request continues the caller's trace, its cache read and upstream exchange are within it
        List<OtlpReceiver.Span> callers = spans.stream().filter(s -> s.traceId().equals(CALLER_TRACE)).toList();
        assertThat(callers).anySatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(CALLER_SPAN));
        assertThat(callers).extracting(OtlpReceiver.Span::name).contains("konagw.cache.read", "konagw.upstream");
        OtlpReceiver.Span upstream = callers.stream().filter(s -> s.name().equals("konagw.upstream")).findFirst()
                .orElseThrow();
        assertThat(upstream.attributes()).containsEntry("konagw.upstream.policy", "interactive")
                .containsEntry("konagw.upstream.outcome", "success").containsEntry("konagw.upstream.class", "none");
        assertThat(upstream.attributes().get("konagw.correlation_id")).matches("[0-9]{12}-[0-9a-f]{7}");
        assertThat(spans).filteredOn(s -> s.name().equals("konagw.upstream"))
                .anySatisfy(s -> assertThat(s.attributes()).containsEntry("konagw.upstream.outcome", "vendor_error"))
                .anySatisfy(s -> assertThat(s.attributes()).containsEntry("konagw.upstream.policy", "batch"))
                .anySatisfy(s -> assertThat(s.attributes().get("konagw.upstream.policy")).startsWith("passthrough"));
        assertThat(spans).filteredOn(s -> s.name().equals("konagw.upstream"))
                .anySatisfy(s -> assertThat(s.attributes()).containsEntry("konagw.upstream.policy", "job"));
        assertThat(spans).filteredOn(s -> s.name().equals("konagw.jobs.chunk"))
                .anySatisfy(s -> assertThat(s.attributes()).containsEntry("konagw.jobs.job", job)
                        .containsEntry("konagw.jobs.entries", "1"));
        assertThat(spans).filteredOn(s -> s.name().equals("konagw.cache.read"))
                .anySatisfy(s -> assertThat(s.attributes()).containsEntry("konagw.cache.result", "hit"));

        // the passthrough URL did reach span attributes — masked
        assertThat(spans).anySatisfy(s -> assertThat(s.attributes().values()).anySatisfy(
                value -> assertThat(value).contains("941000******0038")));

        // nothing exported is a card or an account number, in whatever field or encoding position
        for (byte[] payload : RECEIVER.payloads()) {
            String raw = new String(payload, StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain(MISS, BATCH_CARD, NOT_FOUND, IN_URL, JOB_CARD);
            assertThat(raw).doesNotContain(accounts.toArray(String[]::new));
        }
        // the spans' timers sit beside the existing metrics in the one registry Prometheus scrapes
        String scrape = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("konagw_upstream_seconds_count", "konagw_cache_read_seconds_count",
                "konagw_upstream_requests_seconds_count").doesNotContain(MISS, BATCH_CARD, IN_URL);

        // and the vendor never saw trace context
        assertThat(sandbox().headerNamesSeen()).isNotEmpty()
                .doesNotContain("traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "baggage");
    }

    private static List<String> names(List<OtlpReceiver.Span> spans) {
        return spans.stream().map(OtlpReceiver.Span::name).distinct().toList();
    }

    private static List<String> accountsIn(WebTestClient.ResponseSpec response) {
        String body = response.expectBody(String.class).returnResult().getResponseBody();
        List<String> found = new ArrayList<>();
        Matcher m = ACCOUNT.matcher(body == null ? "" : body);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private WebTestClient.ResponseSpec post(String path, String body, boolean withCallerTrace) {
        return http.post().uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (withCallerTrace) {
                        h.set("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");
                    }
                })
                .bodyValue(body)
                .exchange();
    }
}
