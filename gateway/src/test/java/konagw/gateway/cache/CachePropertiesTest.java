package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;

/** {@code konagw.cache.*} is checked where it is bound, without Spring. */
class CachePropertiesTest {

    static final CacheProperties.Ttl TTL = new CacheProperties.Ttl(Duration.ofHours(12), Duration.ZERO,
            Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5));

    @Test
    void theDefaultsAndAnOffNearCacheAreFine() {
        CacheProperties properties = new CacheProperties(null, TTL, Duration.ofHours(1), Duration.ofMillis(150), 1000,
                new CacheProperties.Near(Duration.ZERO, 10_000));
        assertThat(properties.near().enabled()).isFalse();
    }

    @Test
    void everyProblemIsListedAtOnceWithoutTheSecret() {
        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new CacheProperties("c2hvcnQ=", new CacheProperties.Ttl(Duration.ofHours(-1), Duration.ZERO,
                        Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofHours(-1),
                        Duration.ZERO, 0, new CacheProperties.Near(Duration.ofSeconds(-1), 0)));
        assertThat(invalid.problems()).containsExactly(
                "konagw.cache.secret must decode to at least 32 bytes (got 5)",
                "konagw.cache.ttl.fixation must not be negative (0 means not cached)",
                "konagw.cache.stale-window must not be negative",
                "konagw.cache.redis-timeout must be positive",
                "konagw.cache.in-memory-max-entries must be at least 1",
                "konagw.cache.near.ttl must not be negative (0 turns the near cache off)",
                "konagw.cache.near.max-entries must be at least 1");
        assertThat(invalid.getMessage()).doesNotContain("c2hvcnQ=");
    }

    @Test
    void aSecretThatIsNotBase64IsRefused() {
        assertThat(catchThrowableOfType(InvalidConfigurationException.class,
                () -> new CacheProperties("not base64!", TTL, Duration.ofHours(1), Duration.ofMillis(150), 1000,
                        new CacheProperties.Near(Duration.ofSeconds(5), 10_000))).problems())
                .containsExactly("konagw.cache.secret must be Base64 (standard alphabet)");
    }
}
