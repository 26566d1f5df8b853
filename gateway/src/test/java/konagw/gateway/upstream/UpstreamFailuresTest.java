package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.correlation.CorrelationIdUnavailableException;
import konagw.core.protocol.KonaCode;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuotaExceededException;

class UpstreamFailuresTest {

    final CircuitBreaker breaker = CircuitBreaker.of("test", CircuitBreakerConfig.custom()
            .waitDurationInOpenState(Duration.ofSeconds(12)).build());

    @Test
    void noCorrelationIdIsUpstreamUnavailableWithARetryAfter() {
        CorrelationIdGenerator generator = new CorrelationIdGenerator(Clock.systemUTC(), ZoneOffset.UTC, 3);
        generator.withdraw("instance id 3 is leased by another instance");
        Throwable refused = catchThrowable(generator::next);
        assertThat(refused).isInstanceOf(CorrelationIdUnavailableException.class);

        UpstreamFailure failure = UpstreamFailures.classify(refused, breaker);

        assertThat(failure.failureClass()).isEqualTo(FailureClass.CORRELATION_ID);
        assertThat(failure.code()).isEqualTo(KonaCode.UPSTREAM_UNAVAILABLE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(failure.getMessage()).isEqualTo("No correlation id can be issued at the moment.");
        assertThat(failure.failureClass().tag()).isEqualTo("correlation_id");
        assertThat(failure.failureClass().reachedUpstream()).isFalse();
    }

    @Test
    void refusalsOfTheGuardsThemselves() {
        breaker.transitionToOpenState();
        UpstreamFailure open = UpstreamFailures.classify(CallNotPermittedException.createCallNotPermittedException(
                breaker), breaker);
        assertThat(open.failureClass()).isEqualTo(FailureClass.CIRCUIT_OPEN);
        assertThat(open.retryAfter()).as("the breaker's wait in the open state").isEqualTo(Duration.ofSeconds(12));

        UpstreamFailure full = UpstreamFailures.classify(BulkheadFullException.createBulkheadFullException(
                Bulkhead.ofDefaults("b")), breaker);
        assertThat(full.failureClass()).isEqualTo(FailureClass.BULKHEAD_FULL);
        assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        UpstreamQuotaExceededException quota = new UpstreamQuotaExceededException(Partition.INTERACTIVE,
                Duration.ofMillis(300));
        assertThat(UpstreamFailures.classify(quota, breaker)).isSameAs(quota);
        assertThat(quota.failureClass()).isEqualTo(FailureClass.QUOTA);
        assertThat(quota.retryAfter()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void timeoutsAreGatewayTimeoutsWithoutRetryAfter() {
        for (Throwable timeout : new Throwable[] {new TimeoutException(),
                new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)}) {
            UpstreamFailure failure = UpstreamFailures.classify(timeout, breaker);
            assertThat(failure.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failure.code().code()).isEqualTo("900_002");
            assertThat(failure.code().httpStatus()).isEqualTo(504);
            assertThat(failure.retryAfter()).isNull();
        }
    }

    @Test
    void connectionFailuresOfAPassthroughRoute() {
        assertThat(UpstreamFailures.classify(new ConnectException("refused"), breaker).failureClass())
                .isEqualTo(FailureClass.CONNECT);
        assertThat(UpstreamFailures.classify(new IOException("reset"), breaker).failureClass())
                .isEqualTo(FailureClass.IO);
    }

    @Test
    void anythingElseIsOtherAndLoggedLoudly() {
        UpstreamFailure other = UpstreamFailures.classify(new IllegalStateException("bug"), breaker);
        assertThat(other.failureClass()).isEqualTo(FailureClass.OTHER);
        assertThat(other.getMessage()).isEqualTo("Upstream call failed.").doesNotContain("bug");
        assertThat(other.failureClass().logLevel()).isEqualTo(org.slf4j.event.Level.ERROR);
    }

    @Test
    void everyClassHasADistinctTagAndAGatewayCode() {
        assertThat(java.util.Arrays.stream(FailureClass.values()).map(FailureClass::tag).distinct())
                .hasSize(FailureClass.values().length);
        assertThat(FailureClass.values()).allSatisfy(kind -> assertThat(kind.code().gatewayCode()).isTrue());
    }
}
