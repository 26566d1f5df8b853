package konagw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import konagw.gateway.auth.AuthProperties;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.quota.UpstreamRateLimitProperties;
import konagw.gateway.upstream.KonaplateProperties;

/** The prod profile's rules, without Spring. */
class ProductionRulesTest {

    static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String KEY_DIGEST = "2b1a5931da26d19c00366a5f12423f1ba3a021ad5878bc8d49536c976c31a033";

    static KonaplateProperties konaplate(String baseUrl) {
        KonaplateProperties.Crypto crypto = new KonaplateProperties.Crypto("0123456789abcdef0123456789abcdef",
                "file:server.pem", "file:client.pem", null, "RSA-OAEP-256", "A256GCM", "compact", null, Duration.ZERO);
        return new KonaplateProperties(baseUrl == null ? null : URI.create(baseUrl), "ASP000000000001",
                "AK" + "0123456789".repeat(3) + "ABCDEFGH", "secret", "KST", null, Duration.ofSeconds(2), crypto);
    }

    static CacheProperties cache(String secret) {
        return new CacheProperties(secret, new CacheProperties.Ttl(Duration.ofHours(12), Duration.ZERO,
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofHours(1),
                Duration.ofMillis(150), 1000, new CacheProperties.Near(Duration.ofSeconds(5), 10_000));
    }

    static AuthProperties auth(AuthProperties.Mode mode, Map<String, String> keys) {
        return new AuthProperties(mode, keys, "X-Client-Id", new AuthProperties.RateLimit(false, 500, 1000));
    }

    static UpstreamRateLimitProperties quota(Boolean enabled, Double rate, Integer replicas, String reason) {
        return new UpstreamRateLimitProperties(enabled, rate, null, 0.5, Duration.ofMillis(100), replicas, reason,
                Duration.ofMillis(500));
    }

    static ProductionRules production(UpstreamRateLimitProperties quota) {
        return new ProductionRules(konaplate("https://konaplate.example/open-api"), true, cache(SECRET),
                auth(AuthProperties.Mode.API_KEY, Map.of("billing", KEY_DIGEST)), quota);
    }

    @Test
    void aProductionConfigurationBreaksNoRule() {
        assertThat(production(quota(true, 50d, 12, null)).problems()).isEmpty();
        assertThat(production(quota(false, null, null, "no vendor quota on this contract")).problems()).isEmpty();
        assertThat(new ProductionRules(konaplate("https://konaplate.example/open-api"), true, cache(SECRET),
                auth(AuthProperties.Mode.MESH, Map.of()), quota(true, 50d, 12, null)).problems()).isEmpty();
    }

    @Test
    void everyLocalDefaultIsRefusedAtOnce() {
        ProductionRules local = new ProductionRules(konaplate(null), false, cache(null),
                auth(AuthProperties.Mode.API_KEY, Map.of()), quota(null, null, null, null));
        List<String> problems = local.problems();
        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).startsWith("konaplate.base-url is required in the prod profile");
        assertThat(problems.get(1)).startsWith("spring.data.redis.url (or cluster/sentinel settings) is required");
        assertThat(problems.get(2)).startsWith("konagw.cache.secret is required");
        assertThat(problems.get(3)).startsWith("konagw.auth.api-keys is required in the prod profile");
        assertThat(problems.get(4)).startsWith("konagw.upstream.rate-limit.enabled must be set in the prod profile");
        assertThatThrownBy(local::enforce).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("konaplate.base-url is required in the prod profile");
    }

    @Test
    void theQuotaIsStatedNeverLeftToADefault() {
        assertThat(production(quota(true, null, null, null)).problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("konagw.upstream.rate-limit.permits-per-second is required"))
                .anySatisfy(p -> assertThat(p).startsWith("konagw.upstream.rate-limit.replicas-hint is required"));
        assertThat(production(quota(false, 50d, 12, "  ")).problems()).singleElement().asString()
                .startsWith("konagw.upstream.rate-limit.disabled-reason is required");
    }
}
