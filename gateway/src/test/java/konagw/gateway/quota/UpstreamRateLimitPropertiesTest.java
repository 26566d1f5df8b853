package konagw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.config.Problems;

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
    void prodAcceptsAStatedQuota() {
        assertThat(prodProblems(of(true, 50d, null, 12, null))).isEmpty();
        assertThat(prodProblems(of(false, null, null, null, "no vendor quota on this contract"))).isEmpty();
    }

    @Test
    void prodRefusesEachDefault() {
        assertThat(prodProblems(of(null, 50d, null, 12, null))).singleElement().asString()
                .startsWith("konagw.upstream.rate-limit.enabled must be set in the prod profile");
        assertThat(prodProblems(of(true, null, null, null, null))).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("konagw.upstream.rate-limit.permits-per-second is required"))
                .anySatisfy(p -> assertThat(p).startsWith("konagw.upstream.rate-limit.replicas-hint is required"));
        assertThat(prodProblems(of(false, 50d, null, 12, "  "))).singleElement().asString()
                .startsWith("konagw.upstream.rate-limit.disabled-reason is required");
    }

    private static java.util.List<String> prodProblems(UpstreamRateLimitProperties properties) {
        Problems problems = new Problems();
        properties.validateProd(problems);
        try {
            problems.throwIfAny();
            return java.util.List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
