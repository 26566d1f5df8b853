package konagw.gateway.batch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

import static org.assertj.core.api.Assertions.assertThat;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class BackstopTest {

    @Test
    void anAnswerInTimeWinsAndTheClockIsStopped() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        StepVerifier.withVirtualTime(() -> Backstop.within(Mono.delay(Duration.ofSeconds(1), clock).map(i -> "source"),
                        Duration.ofSeconds(5), () -> "fallback", clock), () -> clock, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("source")
                .verifyComplete();
        assertThat(clock.getScheduledTaskCount()).isGreaterThan(0);
    }

    @Test
    void errorsAndEmptinessPassThrough() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        StepVerifier.create(Backstop.within(Mono.<String>error(new IllegalStateException("x")), Duration.ofSeconds(5),
                () -> "fallback", clock)).verifyError(IllegalStateException.class);
        StepVerifier.create(Backstop.within(Mono.<String>empty(), Duration.ofSeconds(5), () -> "fallback", clock))
                .verifyComplete();
    }

    @Test
    void pastTheDeadlineTheFallbackAnswersEvenWhenCancellingTheSourceFails() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        AtomicBoolean cancelAttempted = new AtomicBoolean();
        Mono<String> stuck = Mono.from(subscriber -> subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelAttempted.set(true);
                throw new IllegalStateException("cancel failed");
            }
        }));
        StepVerifier.withVirtualTime(() -> Backstop.within(stuck, Duration.ofSeconds(5), () -> "fallback", clock),
                        () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(4))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("fallback")
                .verifyComplete();
        assertThat(cancelAttempted).isTrue();
    }

    @Test
    void aCancelledCallerCancelsTheSource() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.create(Backstop.within(Mono.<String>never().doOnCancel(() -> cancelled.set(true)),
                        Duration.ofSeconds(5), () -> "fallback", clock))
                .expectSubscription()
                .thenCancel()
                .verify();
        assertThat(cancelled).isTrue();
    }
}
