package konagw.gateway.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

/** Real time, bounded by short delays: the wheel is the thing under test, so there is no virtual clock to use. */
class WheelTimerSchedulerTest {

    private final WheelTimerScheduler timer = new WheelTimerScheduler("test-timeouts", Duration.ofMillis(5));

    @AfterEach
    void stop() {
        timer.dispose();
    }

    @Test
    void aTimeoutFiresNoEarlierThanItsDelay() {
        long start = System.nanoTime();
        StepVerifier.create(Mono.never().timeout(Duration.ofMillis(60), timer))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }

    @Test
    void aFiredTimeoutIsDeliveredOffTheWheelSoAStuckDownstreamCannotHoldUpEveryOtherTimeout() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> deliveredOn = new AtomicReference<>();
        // the first timeout's downstream is stuck until released; the second must fire on time all the same
        Mono.never().timeout(Duration.ofMillis(10), timer)
                .doOnError(e -> {
                    deliveredOn.set(Thread.currentThread().getName());
                    awaitQuietly(release);
                })
                .subscribe(null, e -> { });
        try {
            StepVerifier.create(Mono.never().timeout(Duration.ofMillis(40), timer))
                    .expectError(TimeoutException.class)
                    .verify(Duration.ofSeconds(5));
            assertThat(deliveredOn.get()).isNotNull().doesNotStartWith("test-timeouts");
        } finally {
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAnswerInTimeCancelsTheTimeout() {
        StepVerifier.create(Mono.just("answer").timeout(Duration.ofMillis(20), timer))
                .expectNext("answer")
                .verifyComplete();
    }

    @Test
    void aCancelledTaskNeverRuns() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        Disposable cancelled = timer.schedule(() -> ran.set(true), 20, TimeUnit.MILLISECONDS);
        timer.schedule(later::countDown, 80, TimeUnit.MILLISECONDS);
        cancelled.dispose();

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
        assertThat(cancelled.isDisposed()).isTrue();
    }

    @Test
    void aDisposedWorkerCancelsItsTasks() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        Scheduler.Worker worker = timer.createWorker();
        worker.schedule(() -> ran.set(true), 20, TimeUnit.MILLISECONDS);
        timer.schedule(later::countDown, 80, TimeUnit.MILLISECONDS);
        worker.dispose();

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
        assertThatThrownBy(() -> worker.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aStoppedTimerRefusesWorkAndATimeoutOnItFiresAtOnce() {
        timer.dispose();

        assertThat(timer.isDisposed()).isTrue();
        assertThatThrownBy(() -> timer.schedule(() -> { }, 1, TimeUnit.SECONDS))
                .isInstanceOf(RejectedExecutionException.class);
        // Reactor turns a refused delay into the timeout itself: fail fast rather than wait without a bound
        StepVerifier.create(Mono.never().timeout(Duration.ofSeconds(30), timer))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theTimeLimiterHearsHowTheCallEnded() {
        TimeLimiter limiter = TimeLimiter.of("test", TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(30)).build());
        int[] events = new int[3];
        limiter.getEventPublisher()
                .onSuccess(e -> events[0]++)
                .onTimeout(e -> events[1]++)
                .onError(e -> events[2]++);

        StepVerifier.create(Mono.just(1).transform(TimeLimits.of(limiter, timer))).expectNext(1).verifyComplete();
        StepVerifier.create(Mono.never().transform(TimeLimits.of(limiter, timer)))
                .expectError(TimeoutException.class).verify(Duration.ofSeconds(5));
        StepVerifier.create(Mono.error(new IllegalStateException("upstream")).transform(TimeLimits.of(limiter, timer)))
                .expectError(IllegalStateException.class).verify(Duration.ofSeconds(5));

        assertThat(events).containsExactly(1, 1, 1);
    }
}
