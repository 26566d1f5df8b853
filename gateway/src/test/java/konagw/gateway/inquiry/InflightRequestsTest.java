package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class InflightRequestsTest {

    final InflightRequests<String> inflight = new InflightRequests<>();
    final AtomicInteger calls = new AtomicInteger();

    Mono<String> slowCall() {
        return Mono.defer(() -> Mono.just("answer-" + calls.incrementAndGet()).delayElement(Duration.ofSeconds(1)));
    }

    @Test
    void concurrentCallersShareOneCall() {
        StepVerifier.withVirtualTime(() -> {
            InflightRequests.Joined<String> first = inflight.join("k", this::slowCall);
            InflightRequests.Joined<String> second = inflight.join("k", this::slowCall);
            assertThat(first.coalesced()).isFalse();
            assertThat(second.coalesced()).isTrue();
            return Mono.zip(first.result(), second.result());
        })
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(both -> assertThat(both.getT1()).isEqualTo("answer-1").isEqualTo(both.getT2()))
                .verifyComplete();
        assertThat(calls).hasValue(1);
        assertThat(inflight.size()).isZero();
    }

    @Test
    void aFinishedCallIsNotReusedAndFailuresAreNotRemembered() {
        StepVerifier.create(inflight.join("k", () -> Mono.error(new IllegalStateException("boom"))).result())
                .verifyErrorMessage("boom");
        assertThat(inflight.size()).isZero();
        StepVerifier.create(inflight.join("k", () -> Mono.just("ok")).result()).expectNext("ok").verifyComplete();
        InflightRequests.Joined<String> again = inflight.join("k", () -> Mono.just("again"));
        assertThat(again.coalesced()).isFalse();
        StepVerifier.create(again.result()).expectNext("again").verifyComplete();
    }

    @Test
    void differentKeysDoNotShare() {
        StepVerifier.withVirtualTime(() -> Mono.zip(inflight.join("a", this::slowCall).result(),
                        inflight.join("b", this::slowCall).result()))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(both -> assertThat(both.getT1()).isNotEqualTo(both.getT2()))
                .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    @Test
    void theKeyIsHeldUntilTheFollowUpHasLandedWithoutDelayingTheAnswer() {
        StepVerifier.withVirtualTime(() -> inflight.join("k", this::slowCall,
                        value -> Mono.delay(Duration.ofSeconds(2))).result())
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("answer-1")
                .verifyComplete();
        // the answer is out, the write is still landing: a late caller joins instead of calling again
        InflightRequests.Joined<String> late = inflight.join("k", this::slowCall);
        assertThat(late.coalesced()).isTrue();
        StepVerifier.create(late.result()).expectNext("answer-1").verifyComplete();
        assertThat(calls).hasValue(1);
    }
}
