package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpMethod;
import konagw.core.card.CardNumber;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaResponse;
import konagw.core.client.UpstreamTransportException;
import konagw.core.keys.PemKeys;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP admin API under /_sandbox. */
class SandboxAdminHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CARD = "9410000000000003";
    private static SandboxServer sandbox;
    private static KonaplateClient client;

    record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxSettings.builder().build());
        client = TestClients.client(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Reply call(HttpMethod method, String path, String body) {
        HttpClient.RequestSender sender = HttpClient.create().request(method).uri(sandbox.baseUrl() + path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(reactor.netty.ByteBufFlux.fromString(Mono.just(body)));
        return receiver.responseSingle((res, b) -> b.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .map(s -> new Reply(res.status().code(), s))).block(TIMEOUT);
    }

    @Test
    void statsCountRequestsCardsAndViolationsThenReset() {
        assertThat(call(HttpMethod.POST, "/_sandbox/reset", null).status()).isEqualTo(204);
        client.inquireVirtualAccount(CardNumber.parse(CARD)).block(TIMEOUT);
        client.inquireVirtualAccount(CardNumber.parse(CARD)).block(TIMEOUT);
        client.exchange("/api/v1/echo", "{}".getBytes(), true).block(TIMEOUT);
        RawExchange raw = new RawExchange(sandbox);
        RawExchange.RawRequest bad = raw.encrypted(ApiHandler.INQUIRY_PATH, "{\"cardNo\":\"" + CARD + "\"}");
        bad.header(KmHeaders.TRAN_TOKEN, null);
        assertThat(raw.exchange(bad).status()).isEqualTo(400);

        Reply stats = call(HttpMethod.GET, "/_sandbox/stats", null);
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.body()).doesNotContain(CARD);
        JsonNode s = stats.json();
        assertThat(s.get("totalRequests").asLong()).isEqualTo(4);
        assertThat(s.get("requestsByPath").get(ApiHandler.INQUIRY_PATH).asLong()).isEqualTo(3);
        assertThat(s.get("requestsByPath").get("/api/v1/echo").asLong()).isEqualTo(1);
        JsonNode cards = s.get("inquiriesByCardHash");
        assertThat(cards.size()).isEqualTo(1);
        assertThat(cards.properties().iterator().next().getValue().asLong()).isEqualTo(2);
        assertThat(s.get("answersByCode").get("000_000").asLong()).isEqualTo(3);
        JsonNode violations = s.get("violations");
        assertThat(violations.get("total").asLong()).isEqualTo(1);
        assertThat(violations.get("byReason").get(KmHeaders.TRAN_TOKEN + ": missing").asLong()).isEqualTo(1);
        JsonNode recent = violations.get("recent").get(0);
        assertThat(recent.get("path").asString()).isEqualTo(ApiHandler.INQUIRY_PATH);
        assertThat(recent.get("reason").asString()).isEqualTo(KmHeaders.TRAN_TOKEN + ": missing");
        assertThat(s.get("duplicateCorrelationIds").asLong()).isZero();
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(2);

        assertThat(call(HttpMethod.POST, "/_sandbox/reset", null).status()).isEqualTo(204);
        JsonNode after = call(HttpMethod.GET, "/_sandbox/stats", null).json();
        assertThat(after.get("totalRequests").asLong()).isZero();
        assertThat(after.get("violations").get("total").asLong()).isZero();
        assertThat(after.get("inquiriesByCardHash").size()).isZero();
        assertThat(sandbox.admin().totalRequests()).isZero();
        assertThat(sandbox.admin().violations()).isEmpty();
    }

    @Test
    void faultsAreSetListedAndClearedOverHttp() {
        Reply put = call(HttpMethod.PUT, "/_sandbox/faults",
                "{\"path\":\"/api/v1/echo\",\"errorRate\":1.0,\"errorStatus\":503}");
        assertThat(put.status()).isEqualTo(204);
        assertThat(call(HttpMethod.PUT, "/_sandbox/faults", "{\"fixedLatencyMs\":1}").status()).isEqualTo(204);
        JsonNode listed = call(HttpMethod.GET, "/_sandbox/faults", null).json();
        assertThat(listed.get("/api/v1/echo").get("errorStatus").asInt()).isEqualTo(503);
        assertThat(listed.get("*").get("fixedLatencyMs").asLong()).isEqualTo(1);
        try {
            client.exchange("/api/v1/echo", "{}".getBytes(), true).block(TIMEOUT);
            org.junit.jupiter.api.Assertions.fail("expected a 503");
        } catch (UpstreamTransportException e) {
            assertThat(e.status()).isEqualTo(503);
        }
        assertThat(call(HttpMethod.DELETE, "/_sandbox/faults?path=/api/v1/echo", null).status()).isEqualTo(204);
        assertThat(sandbox.admin().faults()).containsOnlyKeys("*");
        assertThat(call(HttpMethod.DELETE, "/_sandbox/faults", null).status()).isEqualTo(204);
        assertThat(sandbox.admin().faults()).isEmpty();
        assertThat(client.exchange("/api/v1/echo", "{}".getBytes(), true).block(TIMEOUT))
                .isInstanceOf(KonaResponse.Success.class);
    }

    @Test
    void rejectsABadFault() {
        Reply r = call(HttpMethod.PUT, "/_sandbox/faults", "{\"errorRate\":2}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("errorRate");
        assertThat(call(HttpMethod.PUT, "/_sandbox/faults", "{\"errorRate\":1,\"errorStatus\":404}").status())
                .isEqualTo(400);
        assertThat(sandbox.admin().faults()).isEmpty();
    }

    @Test
    void healthCertificateAndUnknownPaths() {
        assertThat(call(HttpMethod.GET, "/_sandbox/health", null).json().get("status").asString()).isEqualTo("UP");
        Reply cert = call(HttpMethod.GET, "/_sandbox/server-cert.pem", null);
        assertThat(PemKeys.readPublicKey("server-cert.pem", cert.body().getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(sandbox.keys().serverCertificate().getPublicKey());
        assertThat(call(HttpMethod.GET, "/_sandbox/nope", null).status()).isEqualTo(404);
        assertThat(call(HttpMethod.GET, "/elsewhere", null).status()).isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/_sandbox/stats", null).status()).isEqualTo(405);
    }
}
