package konagw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;

class UpstreamRateLimitPropertiesTest {

    static UpstreamRateLimitProperties of(Boolean enabled, Double rate, Integer burst, Integer replicas, String reason) {
        return new UpstreamRateLimitProperties(enabled, rate, burst, 0.5, Duration.ofMillis(100), replicas, reason,
                Duration.ofMillis(500));
    }

    @Test
    void theDefaultBurstIsATenthOfASecondSoNoSecondCarriesTwiceTheRate() {
        assertThat(of(true, 100d, null, 3, null).effectiveBurst()).isEqualTo(10);
        assertThat(of(true, 5d, null, 3, null).effectiveBurst()).isEqualTo(1);
        assertThat(of(true, 100d, 40, 3, null).effectiveBurst()).isEqualTo(40);
        UpstreamRateLimitProperties unset = of(null, null, null, null, null);
        assertThat(unset.on()).isFalse();
        assertThat(unset.rate()).isEqualTo(100);
        assertThat(unset.replicas()).isEqualTo(1);
    }

    @Test
    void everyProblemIsRefusedWhereItIsBoundQuotaOnOrOff() {
        Throwable thrown = catchThrowable(() -> new UpstreamRateLimitProperties(null, -1d, 0, 1.5,
                Duration.ofMillis(-1), 0, null, Duration.ZERO));
        assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
        assertThat(((InvalidConfigurationException) thrown).problems()).containsExactly(
                "konagw.upstream.rate-limit.permits-per-second must be a positive number",
                "konagw.upstream.rate-limit.burst must be at least 1",
                "konagw.upstream.rate-limit.batch-share must be within (0, 1]",
                "konagw.upstream.rate-limit.max-wait must not be negative",
                "konagw.upstream.rate-limit.replicas-hint must be at least 1",
                "konagw.upstream.rate-limit.redis-timeout must be positive");
    }
}
