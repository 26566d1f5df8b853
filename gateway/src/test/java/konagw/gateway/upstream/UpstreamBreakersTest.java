package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuotaExceededException;

/** What a breaker counts, from the failure classes, without Spring. */
class UpstreamBreakersTest {

    @Test
    void onlyCallsTheGatewayRefusedItselfAreIgnored() {
        assertThat(UpstreamBreakers.REFUSED_BY_GATEWAY.test(new UpstreamQuotaExceededException(Partition.BATCH,
                Duration.ofMillis(10)))).isTrue();
        assertThat(UpstreamBreakers.REFUSED_BY_GATEWAY.test(new ConnectException("refused"))).isFalse();
        assertThat(UpstreamBreakers.REFUSED_BY_GATEWAY.test(new TimeoutException())).isFalse();
        assertThat(UpstreamBreakers.REFUSED_BY_GATEWAY.test(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void anInstanceFromTheDefaultConfigIgnoresRefusalsAndCountsTheRest() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(UpstreamBreakers.ignoringRefusals(
                CircuitBreakerConfig.custom()).build());
        CircuitBreaker breaker = registry.circuitBreaker("konaplate-charge",
                CircuitBreakerConfig.from(registry.getDefaultConfig()).slidingWindowSize(4).build());
        breaker.onError(1, TimeUnit.MILLISECONDS, new UpstreamQuotaExceededException(Partition.INTERACTIVE, null));
        breaker.onError(1, TimeUnit.MILLISECONDS, new ConnectException("refused"));
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
    }
}
