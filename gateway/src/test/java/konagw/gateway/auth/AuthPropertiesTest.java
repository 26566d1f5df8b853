package konagw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;

/** {@code konagw.auth.*} is checked where it is bound, without Spring. */
class AuthPropertiesTest {

    static final String DIGEST = "2B1A5931DA26D19C00366A5F12423F1BA3A021AD5878BC8D49536C976C31A033 ";

    @Test
    void digestsAndAMeshHeaderAreAccepted() {
        AuthProperties keys = new AuthProperties(AuthProperties.Mode.API_KEY, Map.of("billing", DIGEST), "X-Client-Id",
                new AuthProperties.RateLimit(true, 500, 1000));
        assertThat(ApiKeys.of(keys.apiKeys()).size()).isEqualTo(1);
        assertThat(new AuthProperties(AuthProperties.Mode.MESH, null, "X-Caller", new AuthProperties.RateLimit(false,
                500, 1000)).apiKeys()).isEmpty();
    }

    @Test
    void everyProblemIsListedAtOnceWithoutAKey() {
        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new AuthProperties(AuthProperties.Mode.MESH, Map.of("billing", "plain-key-value"), "X Client",
                        new AuthProperties.RateLimit(true, 0, -1)));
        assertThat(invalid.problems()).containsExactly(
                "konagw.auth.api-keys.billing must be the SHA-256 hex (64 hex characters) of the client's key, not "
                        + "the key itself",
                "konagw.auth.mesh-header must be a header name (letters, digits, '-')",
                "konagw.auth.rate-limit.replenish-rate must be positive",
                "konagw.auth.rate-limit.burst-capacity must be at least the replenish rate");
        assertThat(invalid.getMessage()).doesNotContain("plain-key-value");
    }

    @Test
    void anOffRateLimitIsNotChecked() {
        assertThat(new AuthProperties(AuthProperties.Mode.API_KEY, Map.of(), "X-Client-Id",
                new AuthProperties.RateLimit(false, 0, 0)).rateLimit().enabled()).isFalse();
    }
}
