package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

@Timeout(30)
class InflightRequestsTest {

    final InflightRequests<String> inflight = new InflightRequests<>();
    final AtomicInteger calls = new AtomicInteger();

    Mono<String> slowCall() {
        return Mono.defer(() -> Mono.just("answer-" + calls.incrementAndGet()).delayElement(Duration.ofSeconds(1)));
    }

    @Test
    void concurrentCallersShareOneCall() {
        StepVerifier.withVirtualTime(() -> {
            InflightRequests.Claim<String> first = inflight.join("k", slowCall(), value -> Mono.empty());
            InflightRequests.Claim<String> second = inflight.join("k", slowCall(), value -> Mono.empty());
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
        StepVerifier.create(inflight.join("k", Mono.error(new IllegalStateException("boom")), v -> Mono.empty())
                        .result())
                .verifyErrorMessage("boom");
        assertThat(inflight.size()).isZero();
        StepVerifier.create(inflight.join("k", Mono.just("ok"), v -> Mono.empty()).result())
                .expectNext("ok").verifyComplete();
        InflightRequests.Claim<String> again = inflight.join("k", Mono.just("again"), v -> Mono.empty());
        assertThat(again.coalesced()).isFalse();
        StepVerifier.create(again.result()).expectNext("again").verifyComplete();
    }

    @Test
    void differentKeysDoNotShare() {
        StepVerifier.withVirtualTime(() -> Mono.zip(inflight.join("a", slowCall(), v -> Mono.empty()).result(),
                        inflight.join("b", slowCall(), v -> Mono.empty()).result()))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(both -> assertThat(both.getT1()).isNotEqualTo(both.getT2()))
                .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    @Test
    void theKeyIsHeldUntilTheFollowUpHasLandedWithoutDelayingTheAnswer() {
        Sinks.Empty<Void> write = Sinks.empty();
        StepVerifier.create(inflight.join("k", Mono.just("answer"), value -> write.asMono()).result())
                .expectNext("answer")
                .verifyComplete();
        // the answer is out, the write is still landing: a late caller joins instead of calling again
        InflightRequests.Claim<String> late = inflight.claim("k");
        assertThat(late.coalesced()).isTrue();
        StepVerifier.create(late.result()).expectNext("answer").verifyComplete();
        write.tryEmitEmpty();
        assertThat(inflight.size()).isZero();
        assertThat(inflight.claim("k").coalesced()).isFalse();
    }

    @Test
    void aClaimHeldBeforeTheWorkStartsIsJoined() {
        InflightRequests.Claim<String> owner = inflight.claim("k");
        InflightRequests.Claim<String> joiner = inflight.claim("k");
        assertThat(owner).isInstanceOf(InflightRequests.Owned.class);
        assertThat(joiner.coalesced()).isTrue();
        ((InflightRequests.Owned<String>) owner).complete("read from the cache");
        StepVerifier.create(joiner.result()).expectNext("read from the cache").verifyComplete();
        assertThat(inflight.size()).isZero();
    }

    @Test
    void aReleasedClaimTellsItsJoinersToStartAgainAndFreesTheKey() {
        InflightRequests.Claim<String> owner = inflight.claim("k");
        InflightRequests.Claim<String> joiner = inflight.claim("k");
        owner.release();
        StepVerifier.create(joiner.result()).expectError(InflightRequests.Abandoned.class).verify();
        assertThat(inflight.claim("k").coalesced()).isFalse();
        // released once started: nothing happens, the flight goes on
        InflightRequests.Owned<String> started = (InflightRequests.Owned<String>) inflight.claim("j");
        started.run(Mono.just("v"), v -> Mono.never());
        started.release();
        StepVerifier.create(inflight.claim("j").result()).expectNext("v").verifyComplete();
    }

    @Test
    void anAbandonedFlightSkipsItsFollowUpAndIsNotJoinedAnyMore() {
        Sinks.One<String> upstream = Sinks.one();
        AtomicInteger writes = new AtomicInteger();
        InflightRequests.Claim<String> before = inflight.join("k", upstream.asMono(), v -> Mono.fromRunnable(
                writes::incrementAndGet));
        inflight.abandon("k");
        InflightRequests.Claim<String> after = inflight.claim("k");
        assertThat(after.coalesced()).as("a claim after the eviction starts afresh").isFalse();
        upstream.tryEmitValue("old");
        StepVerifier.create(before.result()).expectNext("old").verifyComplete();
        assertThat(writes).as("the old answer is not written back").hasValue(0);
        // the old flight's landing does not release the new claim
        assertThat(inflight.claim("k").coalesced()).isTrue();
    }
}
