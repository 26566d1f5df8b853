package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuota;
import konagw.gateway.quota.UpstreamQuotaExceededException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The guard on real Resilience4j instances, without Spring. */
@Timeout(30)
class UpstreamGuardTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(UpstreamBreakers.ignoringRefusals(
            CircuitBreakerConfig.custom().minimumNumberOfCalls(2).slidingWindowSize(2).failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofSeconds(7))).build());
    final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
            .timeoutDuration(Duration.ofSeconds(1)).build());
    final RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(3)
            .waitDuration(Duration.ofMillis(1)).retryOnException(IllegalStateException.class::isInstance).build());
    final BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(1)
            .maxWaitDuration(Duration.ZERO).build());
    final AtomicInteger permits = new AtomicInteger();
    final AtomicInteger subscriptions = new AtomicInteger();

    UpstreamGuard guard(UpstreamQuota quota) {
        return new UpstreamGuard(breakers, timeLimiters, retries, bulkheads::bulkhead, quota, new GuardMetrics(meters),
                Schedulers.parallel());
    }

    UpstreamQuota counting() {
        return partition -> Mono.fromRunnable(permits::incrementAndGet);
    }

    <T> Mono<T> call(Mono<T> outcome) {
        return Mono.defer(() -> {
            subscriptions.incrementAndGet();
            return outcome;
        });
    }

    @Test
    void anOpenBreakerAnswersAtOnceWithoutAPermitOrACall() {
        UpstreamGuard guard = guard(counting());
        CircuitBreaker breaker = guard.breaker(UpstreamPolicy.INTERACTIVE);
        breaker.transitionToOpenState();
        StepVerifier.create(call(Mono.just("never")).transform(guard.of(UpstreamPolicy.INTERACTIVE)))
                .expectErrorSatisfies(failure -> {
                    UpstreamFailure refused = (UpstreamFailure) failure;
                    assertThat(refused.failureClass()).isEqualTo(FailureClass.CIRCUIT_OPEN);
                    assertThat(refused.code().code()).isEqualTo("900_001");
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                })
                .verify();
        assertThat(permits).hasValue(0);
        assertThat(subscriptions).hasValue(0);
        assertThat(meters.counter("konagw.upstream.errors", "api", "inquiry", "class", "circuit_open").count())
                .isEqualTo(1);
    }

    @Test
    void aQuotaRefusalIsNeitherRetriedNorCountedByTheBreaker() {
        UpstreamGuard guard = guard(partition -> Mono.fromRunnable(permits::incrementAndGet)
                .then(Mono.error(new UpstreamQuotaExceededException(partition, Duration.ofMillis(1500)))));
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(call(Mono.just("never")).transform(guard.of(UpstreamPolicy.BATCH)))
                    .expectErrorSatisfies(failure -> {
                        assertThat(((UpstreamFailure) failure).failureClass()).isEqualTo(FailureClass.QUOTA);
                        assertThat(((UpstreamFailure) failure).retryAfter()).isEqualTo(Duration.ofMillis(1500));
                        assertThat(failure).hasMessageContaining("batch");
                    })
                    .verify();
        }
        assertThat(permits).as("one permit asked per call: no retry").hasValue(3);
        assertThat(subscriptions).hasValue(0);
        CircuitBreaker breaker = guard.breaker(UpstreamPolicy.BATCH);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void eachRetryDrawsItsOwnPermitAndSubscribesTheCallAgain() {
        UpstreamGuard guard = guard(counting());
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> flaky = Mono.defer(() -> attempts.incrementAndGet() < 3
                ? Mono.error(new IllegalStateException("reset")) : Mono.just("answer"));
        StepVerifier.create(call(flaky).transform(guard.of(UpstreamPolicy.INTERACTIVE)))
                .expectNext("answer")
                .verifyComplete();
        assertThat(subscriptions).hasValue(3);
        assertThat(permits).hasValue(3);
    }

    @Test
    void aPassthroughPolicyNeverRetries() {
        UpstreamGuard guard = guard(counting());
        UpstreamPolicy charge = UpstreamPolicy.passthrough("charge", null, null);
        StepVerifier.create(call(Mono.error(new IllegalStateException("reset"))).transform(guard.of(charge)))
                .expectErrorSatisfies(failure -> assertThat(((UpstreamFailure) failure).failureClass())
                        .isEqualTo(FailureClass.OTHER))
                .verify();
        assertThat(subscriptions).hasValue(1);
        assertThat(permits).as("passthrough calls draw from the quota too").hasValue(1);
        assertThat(meters.counter("konagw.passthrough.errors", "route", "charge", "class", "other").count())
                .isEqualTo(1);
    }

    @Test
    void theTimeLimiterCoversTheQuotaWaitAndTheRetries() {
        StepVerifier.withVirtualTime(() -> {
            UpstreamGuard guard = new UpstreamGuard(breakers, timeLimiters, retries, bulkheads::bulkhead,
                    partition -> Mono.delay(Duration.ofMillis(700)).then(), new GuardMetrics(meters),
                    VirtualTimeScheduler.get());
            return call(Mono.delay(Duration.ofMillis(700)).thenReturn("late")).transform(guard.of(UpstreamPolicy.INTERACTIVE));
        })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(failure -> {
                    assertThat(((UpstreamFailure) failure).failureClass()).isEqualTo(FailureClass.TIMEOUT);
                    assertThat(((UpstreamFailure) failure).code().code()).isEqualTo("900_002");
                    assertThat(((UpstreamFailure) failure).retryAfter()).isNull();
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aFullBulkheadRefusesAtOnceAndOnlyThePolicyThatUsesIt() {
        UpstreamGuard guard = guard(counting());
        Mono<String> held = call(Mono.<String>never()).transform(guard.of(UpstreamPolicy.INTERACTIVE));
        var pending = held.subscribe();
        StepVerifier.create(call(Mono.just("x")).transform(guard.of(UpstreamPolicy.INTERACTIVE)))
                .expectErrorSatisfies(failure -> assertThat(((UpstreamFailure) failure).failureClass())
                        .isEqualTo(FailureClass.BULKHEAD_FULL))
                .verify();
        // the batch policy has a bulkhead of its own
        StepVerifier.create(call(Mono.just("batch")).transform(guard.of(UpstreamPolicy.BATCH)))
                .expectNext("batch").verifyComplete();
        pending.dispose();
        StepVerifier.create(call(Mono.just("again")).transform(guard.of(UpstreamPolicy.INTERACTIVE)))
                .expectNext("again").verifyComplete();
    }

    @Test
    void aFailureTakesTheExchangesCorrelationIdFromTheContext() {
        UpstreamGuard guard = guard(counting());
        StepVerifier.create(call(Mono.<String>error(new java.net.ConnectException("refused")))
                        .transform(guard.of(UpstreamPolicy.passthrough("charge", null, null)))
                        .contextWrite(context -> context.put(UpstreamGuard.CORRELATION_ID, "261202050000-0000001")))
                .expectErrorSatisfies(failure -> {
                    assertThat(((UpstreamFailure) failure).failureClass()).isEqualTo(FailureClass.CONNECT);
                    assertThat(((UpstreamFailure) failure).correlationId()).isEqualTo("261202050000-0000001");
                    assertThat(((UpstreamFailure) failure).retryAfter()).isEqualTo(Duration.ofSeconds(1));
                })
                .verify();
    }

    @Test
    void aRouteTimeoutDerivesItsOwnTimeLimiter() {
        UpstreamGuard guard = guard(counting());
        guard.prepare(UpstreamPolicy.passthrough("charge", "konaplate-charge", Duration.ofMillis(250)));
        assertThat(timeLimiters.find("konaplate-charge-charge")).hasValueSatisfying(limiter -> assertThat(
                limiter.getTimeLimiterConfig().getTimeoutDuration()).isEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void aBreakerThatWouldCountQuotaRefusalsRefusesStartup() {
        breakers.circuitBreaker("counts-refusals", CircuitBreakerConfig.ofDefaults());
        UpstreamGuard guard = guard(counting());
        assertThatThrownBy(() -> guard.prepare(UpstreamPolicy.passthrough("r", "counts-refusals", null)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("counts-refusals")
                .hasMessageContaining("ignore-exceptions");
    }

    @Test
    void aBatchCallRefusedAPermitWaitsForOneUntilItsDeadline() {
        AtomicInteger refusals = new AtomicInteger(3);
        StepVerifier.withVirtualTime(() -> {
            UpstreamGuard guard = new UpstreamGuard(breakers, timeLimiters, retries, bulkheads::bulkhead,
                    partition -> Mono.defer(() -> {
                        permits.incrementAndGet();
                        return refusals.getAndDecrement() > 0
                                ? Mono.error(new UpstreamQuotaExceededException(partition, Duration.ofMillis(100)))
                                : Mono.empty();
                    }), new GuardMetrics(meters), VirtualTimeScheduler.get());
            long deadline = guard.quotaDeadline(Duration.ofSeconds(60));
            return call(Mono.just("paced")).transform(guard.of(UpstreamPolicy.BATCH))
                    .contextWrite(context -> context.put(UpstreamGuard.QUOTA_DEADLINE, deadline));
        })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("paced")
                .verifyComplete();
        assertThat(permits).as("asked again after each refusal").hasValue(4);
        assertThat(subscriptions).hasValue(1);
    }

    @Test
    void aWaitingCallStillRefusedAtItsDeadlineEndsAsAQuotaWaitAndTheInteractiveOneNeverWaits() {
        StepVerifier.withVirtualTime(() -> {
            UpstreamGuard guard = new UpstreamGuard(breakers, timeLimiters, retries, bulkheads::bulkhead,
                    partition -> Mono.error(new UpstreamQuotaExceededException(partition, Duration.ofMillis(100))),
                    new GuardMetrics(meters), VirtualTimeScheduler.get());
            long deadline = guard.quotaDeadline(Duration.ofSeconds(2));
            return call(Mono.just("never")).transform(guard.of(UpstreamPolicy.BATCH))
                    .contextWrite(context -> context.put(UpstreamGuard.QUOTA_DEADLINE, deadline));
        })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1800))
                .thenAwait(Duration.ofMillis(400))
                .expectErrorSatisfies(failure -> assertThat(((UpstreamFailure) failure).failureClass())
                        .isEqualTo(FailureClass.QUOTA_WAIT))
                .verify(Duration.ofSeconds(10));
        UpstreamGuard guard = guard(partition -> Mono.error(new UpstreamQuotaExceededException(partition,
                Duration.ofMillis(100))));
        StepVerifier.create(call(Mono.just("x")).transform(guard.of(UpstreamPolicy.INTERACTIVE))
                        .contextWrite(context -> context.put(UpstreamGuard.QUOTA_DEADLINE,
                                guard.quotaDeadline(Duration.ofSeconds(60)))))
                .expectErrorSatisfies(failure -> assertThat(((UpstreamFailure) failure).failureClass())
                        .isEqualTo(FailureClass.QUOTA))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aWaitingCallMeetsAnOpenBreakerAtOnce() {
        UpstreamGuard guard = guard(partition -> Mono.error(new UpstreamQuotaExceededException(partition,
                Duration.ofSeconds(30))));
        guard.breaker(UpstreamPolicy.BATCH).transitionToOpenState();
        StepVerifier.create(call(Mono.just("x")).transform(guard.of(UpstreamPolicy.BATCH))
                        .contextWrite(context -> context.put(UpstreamGuard.QUOTA_DEADLINE,
                                guard.quotaDeadline(Duration.ofSeconds(60)))))
                .expectErrorSatisfies(failure -> assertThat(((UpstreamFailure) failure).failureClass())
                        .isEqualTo(FailureClass.CIRCUIT_OPEN))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void policiesNameTheirPartitions() {
        assertThat(UpstreamPolicy.INTERACTIVE.quota()).isEqualTo(Partition.INTERACTIVE);
        assertThat(UpstreamPolicy.BATCH.quota()).isEqualTo(Partition.BATCH);
        assertThat(UpstreamPolicy.JOB.quota()).isEqualTo(Partition.BATCH);
        assertThat(UpstreamPolicy.passthrough("r", null, null).retries()).isFalse();
        assertThat(UpstreamPolicy.passthrough("r", null, null).label()).isEqualTo("passthrough(r)");
        assertThatThrownBy(() -> new UpstreamPolicy(UpstreamPolicy.Kind.PASSTHROUGH, null, Partition.INTERACTIVE,
                "b", "t", null, null, false, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusedWaitersSpreadTheirNextAskOverTheirNumberSoTheQuotaIsNotAskedThousandsOfTimesPerPermit() {
        long ms = 1_000_000L;
        // alone: at least the hint (5 ms at the least), up to half as much again
        assertThat(UpstreamGuard.quotaPause(2 * ms, 0, 0.0)).isEqualTo(5 * ms);
        assertThat(UpstreamGuard.quotaPause(20 * ms, 0, 0.0)).isEqualTo(20 * ms);
        assertThat(UpstreamGuard.quotaPause(20 * ms, 0, 0.999)).isBetween(29 * ms, 30 * ms);
        // 128 waiting for a 400/s quota (a permit every 2.5 ms): spread over ~160 ms, so they ask ~1,600 times a
        // second in all, not ~20,000 — and never later than the window
        double meanPause = (UpstreamGuard.quotaPause(2_500_000L, 128, 0.0) + UpstreamGuard.quotaPause(2_500_000L, 128, 1.0)) / 2.0;
        assertThat(128 / (meanPause / 1e9)).isBetween(1_000.0, 2_000.0);
        assertThat(UpstreamGuard.quotaPause(2_500_000L, 128, 1.0)).isLessThan(170 * ms);
    }

    @Test
    void manyWaitersStillGetThePermitsThatFreeJustBeforeTheirDeadline() {
        // 200 batch calls wait for a quota that admits nothing until 1.9 s, then everything, under a 2 s deadline.
        // Their next asks are spread over a window that grows with their number (here up to ~0.5 s); before the
        // last ask was clamped to the deadline, a call whose draw went past it gave up early with 900_002.
        StepVerifier.withVirtualTime(() -> {
            UpstreamGuard guard = new UpstreamGuard(breakers, timeLimiters, retries,
                    BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(1000).build())::bulkhead,
                    partition -> Mono.defer(() -> VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS) < 1900
                            ? Mono.error(new UpstreamQuotaExceededException(partition, Duration.ofMillis(5)))
                            : Mono.empty()),
                    new GuardMetrics(meters), VirtualTimeScheduler.get());
            long deadline = guard.quotaDeadline(Duration.ofSeconds(2));
            return Flux.range(0, 200)
                    .flatMap(i -> call(Mono.just(i)).transform(guard.of(UpstreamPolicy.BATCH))
                            .contextWrite(context -> context.put(UpstreamGuard.QUOTA_DEADLINE, deadline)), 200)
                    .count();
        })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectNext(200L)
                .verifyComplete();
    }
}
