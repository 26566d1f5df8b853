package konagw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import konagw.gateway.config.Problems;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class CallerAuthenticationTest {

    static final String ALPHA_SHA256 = "2b1a5931da26d19c00366a5f12423f1ba3a021ad5878bc8d49536c976c31a033";
    final ProblemWriter problems = new ProblemWriter(JsonMapper.builder().build());

    @Test
    void meshModeTakesTheIdentityFromTheTrustedHeaderAndRefusesWithoutIt() {
        CallerAuthenticationWebFilter filter = filter(AuthProperties.Mode.MESH, Map.of());
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();

        MockServerWebExchange withIdentity = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/v1/charge").header("X-Client-Id", "billing"));
        filter.filter(withIdentity, e -> { passed.set(e); return Mono.empty(); }).block(Duration.ofSeconds(5));
        assertThat(AuthenticatedClient.of(passed.get())).isEqualTo("billing");

        MockServerWebExchange without = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/charge")
                .header("X-Api-Key", "alpha-key-0001"));
        filter.filter(without, e -> Mono.error(new AssertionError("must not pass"))).block(Duration.ofSeconds(5));
        assertThat(without.getResponse().getStatusCode().value()).isEqualTo(401);
        assertThat(without.getResponse().getBodyAsString().block()).contains("\"code\":\"900_005\"");
    }

    @Test
    void apiKeyModeAuthenticatesByDigestAndStripsTheKey() {
        CallerAuthenticationWebFilter filter = filter(AuthProperties.Mode.API_KEY, Map.of("alpha", ALPHA_SHA256));
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/v1/charge").header("X-Api-Key", "alpha-key-0001"));
        filter.filter(exchange, e -> { passed.set(e); return Mono.empty(); }).block(Duration.ofSeconds(5));
        assertThat(AuthenticatedClient.of(passed.get())).isEqualTo("alpha");
        assertThat(passed.get().getRequest().getHeaders().containsHeader("X-Api-Key")).isFalse();
    }

    @Test
    void aConfiguredKeyThatIsNotADigestIsRefusedWithoutShowingIt() {
        Problems problems = new Problems();
        ApiKeys.parse(Map.of("alpha", "my-plain-secret-key"), problems);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(problems::throwIfAny);
        assertThat(thrown).hasMessageContaining("konagw.auth.api-keys.alpha must be the SHA-256 hex")
                .hasMessageNotContaining("my-plain-secret-key");
    }

    private CallerAuthenticationWebFilter filter(AuthProperties.Mode mode, Map<String, String> keys) {
        Problems invalid = new Problems();
        ApiKeys parsed = ApiKeys.parse(keys, invalid);
        invalid.throwIfAny();
        return new CallerAuthenticationWebFilter(mode, parsed, "X-Client-Id", problems,
                new ManagementPort(new MockEnvironment()));
    }
}
