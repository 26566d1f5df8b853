package konagw.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import konagw.gateway.upstream.UpstreamFailure;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.ApiCredentials;
import konagw.core.protocol.KmHeaders;
import konagw.core.protocol.KonaCode;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import konagw.core.token.TranTokenVerifier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the passthrough filters put on the upstream request: only an allow-list of headers (the caller's API key,
 * authorization, cookies, mesh identity, forwarding headers and forged X-KM values never leave), and a token over
 * the exact bytes sent. (The sandbox does not echo headers, so the integration tests cannot show this.)
 */
class PassthroughHeadersTest {

    static final String KID = "0123456789abcdef0123456789abcdef";
    static final String SECRET = "unit-test-secret";
    static final KonaTimeZone KST = KonaTimeZone.of("KST");

    final KonaplateClientSettings settings = settings();
    final KonaplateCryptoGatewayFilterFactory crypto = new KonaplateCryptoGatewayFilterFactory(() -> settings, 2048,
            Schedulers.immediate());
    final CorrelationIdGenerator correlationIds = new CorrelationIdGenerator(Clock.systemUTC(), KST.zone(), 7);
    final KonaplateHeadersGatewayFilterFactory headers = new KonaplateHeadersGatewayFilterFactory(() -> settings,
            correlationIds, new TranClock(Clock.systemUTC(), KST), 2048);
    /** The exchange the filters hand on upstream, if any. */
    final AtomicReference<ServerWebExchange> sentUpstream = new AtomicReference<>();

    @Test
    void onlyTheAllowListGoesUpstreamAndTheTokenCoversTheEncryptedBody() {
        ServerWebExchange upstream = run(true, "{\"amount\":1000}");
        HttpHeaders h = upstream.getRequest().getHeaders();
        assertThat(h.headerNames()).containsExactlyInAnyOrder(HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE,
                HttpHeaders.CONTENT_LENGTH, KmHeaders.USER_ASP_ID, KmHeaders.CORRELATION_ID, KmHeaders.ACCESS_KEY,
                KmHeaders.TRAN_TOKEN, KmHeaders.TRAN_TIME, KmHeaders.TIME_ZONE, KmHeaders.CRYPTO_KEY_ID);
        assertThat(h.getFirst(KmHeaders.ACCESS_KEY)).isEqualTo("A".repeat(40));
        assertThat(h.getFirst(KmHeaders.CRYPTO_KEY_ID)).isEqualTo(KID);
        assertThat(h.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/jose");
        byte[] sent = body(upstream);
        assertThat(h.getContentLength()).isEqualTo(sent.length);
        assertThat(new String(sent, StandardCharsets.US_ASCII).split("\\.")).hasSize(5);
        new TranTokenVerifier(SECRET, Duration.ofMinutes(5), Clock.systemUTC())
                .verify(h.getFirst(KmHeaders.TRAN_TOKEN), h.getFirst(KmHeaders.TRAN_TIME), KST.zone(), sent);
    }

    @Test
    void aPlainRouteSendsTheBodyAsIsWithoutACryptoKeyId() {
        ServerWebExchange upstream = run(false, "{\"amount\":1000}");
        HttpHeaders h = upstream.getRequest().getHeaders();
        assertThat(h.containsHeader(KmHeaders.CRYPTO_KEY_ID)).isFalse();
        assertThat(h.containsHeader("X-Api-Key")).isFalse();
        assertThat(h.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo(MediaType.APPLICATION_JSON_VALUE);
        byte[] sent = body(upstream);
        assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo("{\"amount\":1000}");
        new TranTokenVerifier(SECRET, Duration.ofMinutes(5), Clock.systemUTC())
                .verify(h.getFirst(KmHeaders.TRAN_TOKEN), h.getFirst(KmHeaders.TRAN_TIME), KST.zone(), sent);
    }

    @Test
    void withoutACorrelationIdNothingGoesUpstreamAndTheCallerGets900001() {
        correlationIds.withdraw("instance id 7 is leased by another instance");
        assertThatThrownBy(() -> run(false, "{\"amount\":1000}"))
                .isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(KonaCode.UPSTREAM_UNAVAILABLE);
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
        assertThat(sentUpstream.get()).isNull();
    }

    private ServerWebExchange run(boolean encrypted, String body) {
        MockServerHttpRequest request = MockServerHttpRequest.post("/api/v1/charge")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Api-Key", "caller-key")
                .header(HttpHeaders.AUTHORIZATION, "Bearer internal-token")
                .header(HttpHeaders.COOKIE, "session=abc")
                .header("X-Client-Id", "billing")
                .header("X-Forwarded-Client-Cert", "Hash=abc")
                .header("X-Forwarded-For", "10.1.2.3")
                .header(KmHeaders.ACCESS_KEY, "forged")
                .body(body);
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        GatewayFilter cryptoFilter = crypto.apply(new KonaplateCryptoGatewayFilterFactory.Config().setEncrypted(encrypted));
        GatewayFilter headersFilter = headers.apply(new KonaplateHeadersGatewayFilterFactory.Config());
        AtomicReference<ServerWebExchange> seen = sentUpstream;
        cryptoFilter.filter(exchange, afterCrypto -> headersFilter.filter(afterCrypto, upstream -> {
            seen.set(upstream);
            return Mono.empty();
        })).block(Duration.ofSeconds(10));
        return seen.get();
    }

    private static byte[] body(ServerWebExchange upstream) {
        return DataBufferUtils.join(upstream.getRequest().getBody()).map(PassthroughBodies::drain)
                .block(Duration.ofSeconds(5));
    }

    private static KonaplateClientSettings settings() {
        KeyPair server = KeyMaterial.generateRsa2048();
        KeyPair client = KeyMaterial.generateRsa2048();
        JweSettings jwe = JweSettings.defaults();
        return new KonaplateClientSettings(URI.create("http://127.0.0.1:1"),
                new ApiCredentials("KONAGWSANDBOX01", "A".repeat(40), SECRET), KID,
                new JweEncryptor((RSAPublicKey) server.getPublic(), KID, jwe),
                JweDecryptor.single(KID, (RSAPrivateKey) client.getPrivate(), jwe), WireEnvelope.compact(), KST,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
