package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.correlation.CorrelationIdUnavailableException;
import konagw.core.protocol.KonaCode;

class UpstreamFailureClassifierTest {

    final UpstreamFailureClassifier classifier = new UpstreamFailureClassifier(CircuitBreaker.ofDefaults("test"));

    @Test
    void noCorrelationIdIsUpstreamUnavailableWithARetryAfter() {
        CorrelationIdGenerator generator = new CorrelationIdGenerator(Clock.systemUTC(), ZoneOffset.UTC, 3);
        generator.withdraw("instance id 3 is leased by another instance");
        Throwable refused = catchThrowable(generator::next);
        assertThat(refused).isInstanceOf(CorrelationIdUnavailableException.class);

        UpstreamFailure failure = classifier.classify(refused);

        assertThat(failure.code()).isEqualTo(KonaCode.UPSTREAM_UNAVAILABLE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(failure.getMessage()).isEqualTo("No correlation id can be issued at the moment.");
        assertThat(UpstreamFailureClassifier.metricClass(refused)).isEqualTo("correlation_id");
        assertThat(UpstreamFailureClassifier.metricClass(failure)).isEqualTo("correlation_id");
    }
}
