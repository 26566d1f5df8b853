package konagw.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.common.KeyValues;
import konagw.core.client.KonaResponse;
import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.logging.RequestMdc;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuota;
import konagw.gateway.quota.UpstreamQuotaExceededException;
import konagw.gateway.timeout.TimeLimits;
import konagw.gateway.tracing.Spans;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The one guard of every upstream call, under an {@link UpstreamPolicy}: {@code call.transform(guard.of(policy))}.
 * Outermost first:
 * <ol>
 * <li><b>bulkhead</b> (when the policy names one): a call that cannot get a slot is refused at once;</li>
 * <li><b>quota patience</b> (when the policy waits for quota): a call refused a permit asks again when the quota
 * says one frees up, with jitter, until its caller's deadline; then it fails as {@code 900_002} (class
 * {@code quota_wait}: nothing was sent). Each
 * try goes through everything below afresh, so an open breaker still answers at once and a waiting call never holds
 * a reservation longer than {@code max-wait} ahead — interactive calls keep their share;</li>
 * <li><b>circuit breaker</b>: records what the caller saw, once per call; open, it answers at once and nothing is
 * sent, no quota permit spent;</li>
 * <li><b>time limiter</b>: each try waits at most the timeout, its retries and its max-wait reservation included,
 * and a retry never starts past the budget (a waiting policy's pauses between tries lie outside it);</li>
 * <li><b>retry</b> (when the policy retries): only failures its predicate names;</li>
 * <li><b>upstream quota</b>: each attempt draws a permit, because each attempt reaches the vendor. A refusal is not
 * retried and not counted by the breaker.</li>
 * </ol>
 * Vendor 4xx answers are values, not errors, so neither the breaker nor the retry sees them. Every failure leaves
 * as one {@link UpstreamFailure}, counted and logged once by {@link GuardMetrics}. The call must be cold: each
 * retry subscribes it again (the facade client makes a new correlation id per subscription).
 */
public final class UpstreamGuard {

    /**
     * Reactor context key: the correlation id of the exchange being guarded, for the failure and its log line when
     * the failure itself does not carry it (a passthrough route's Netty errors).
     */
    public static final String CORRELATION_ID = UpstreamGuard.class.getName() + ".correlationId";
    /**
     * Reactor context key: for a policy that {@link UpstreamPolicy#waitsForQuota waits for quota permits}, until when
     * (a {@code Long} from {@link #quotaDeadline}); without it such a policy fails at once like the others.
     */
    public static final String QUOTA_DEADLINE = UpstreamGuard.class.getName() + ".quotaDeadline";
    /** The shortest pause before a waiting call asks the quota again. */
    private static final long MIN_QUOTA_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MIN_QUOTA_SPREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Reactor context key: what the call is about, for its failure's log line (a masked card, never a whole one). */
    public static final String SUBJECT = UpstreamGuard.class.getName() + ".subject";

    /**
     * The span of one guarded upstream exchange: {@code konagw.upstream.policy} (interactive, batch, job,
     * passthrough(route)), {@code konagw.upstream.outcome} (success, vendor_error, failure),
     * {@code konagw.upstream.class} (the {@link FailureClass} tag, {@code none}) and the X-KM correlation id
     * {@code konagw.correlation_id}.
     */
    public static final String SPAN = "konagw.upstream";

    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry timeLimiters;
    private final RetryRegistry retries;
    private final Function<String, Bulkhead> bulkheads;
    private final UpstreamQuota quota;
    private final GuardMetrics metrics;
    private final Scheduler timeouts;
    private final Spans spans;
    private final ConcurrentMap<UpstreamPolicy, Guard> guards = new ConcurrentHashMap<>();
    /** Per quota partition: refused calls now pausing before they ask again. */
    private final AtomicInteger[] pausing = Stream.generate(AtomicInteger::new)
            .limit(Partition.values().length).toArray(AtomicInteger[]::new);

    /**
     * @param bulkheads resolves a policy's bulkhead name (the batch partition is no plain registry bulkhead)
     * @param timeouts  arms the time limiters
     */
    public UpstreamGuard(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters, RetryRegistry retries,
            Function<String, Bulkhead> bulkheads, UpstreamQuota quota, GuardMetrics metrics, Scheduler timeouts) {
        this(breakers, timeLimiters, retries, bulkheads, quota, metrics, timeouts, Spans.NONE);
    }

    /** @param spans one span {@value #SPAN} per guarded call (retries included), when tracing is on */
    public UpstreamGuard(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters, RetryRegistry retries,
            Function<String, Bulkhead> bulkheads, UpstreamQuota quota, GuardMetrics metrics, Scheduler timeouts,
            Spans spans) {
        this.spans = spans;
        this.breakers = breakers;
        this.timeLimiters = timeLimiters;
        this.retries = retries;
        this.bulkheads = bulkheads;
        this.quota = quota;
        this.metrics = metrics;
        this.timeouts = timeouts;
    }

    /** A {@link #QUOTA_DEADLINE} value: {@code fromNow} on the guard's timer. */
    public long quotaDeadline(Duration fromNow) {
        return timeouts.now(TimeUnit.NANOSECONDS) + fromNow.toNanos();
    }

    /** The operator of {@code policy}, for {@code transform}; its Resilience4j instances are resolved once. */
    public <T> Function<Mono<T>, Mono<T>> of(UpstreamPolicy policy) {
        Guard guard = guards.computeIfAbsent(policy, this::resolve);
        return guard::apply;
    }

    /** Resolves a policy's instances now, so that a misconfigured one fails startup rather than a request. */
    public void prepare(UpstreamPolicy policy) {
        guards.computeIfAbsent(policy, this::resolve);
    }

    public CircuitBreaker breaker(UpstreamPolicy policy) {
        return guards.computeIfAbsent(policy, this::resolve).breaker;
    }

    private Guard resolve(UpstreamPolicy policy) {
        CircuitBreaker breaker = breakers.circuitBreaker(policy.breaker());
        if (!breaker.getCircuitBreakerConfig().getIgnoreExceptionPredicate()
                .test(new UpstreamQuotaExceededException(policy.quota(), null))) {
            throw new InvalidConfigurationException(java.util.List.of("circuit breaker '" + policy.breaker()
                    + "' must ignore the gateway's own refusals (a refused quota permit says nothing about the "
                    + "vendor): remove resilience4j.circuitbreaker.instances." + policy.breaker()
                    + ".ignore-exceptions (or its base config's), which replaces the gateway's predicate "
                    + "(UpstreamBreakers), and keep resilience4j.circuitbreaker.configs.default"));
        }
        return new Guard(policy, breaker, timeLimiter(policy),
                policy.retries() ? retries.retry(policy.breaker()) : null,
                policy.bulkhead() == null ? null : bulkheads.apply(policy.bulkhead()));
    }

    private TimeLimiter timeLimiter(UpstreamPolicy policy) {
        TimeLimiter configured = timeLimiters.timeLimiter(policy.timeLimiter());
        if (policy.timeout() == null) {
            return configured;
        }
        // a route's tighter timeout: its own instance, derived from the configured one (events, metrics by name)
        String name = policy.timeLimiter() + "-" + (policy.route() != null ? policy.route() : policy.timeout());
        TimeLimiterConfig derived = TimeLimiterConfig.from(configured.getTimeLimiterConfig())
                .timeoutDuration(policy.timeout()).build();
        return timeLimiters.timeLimiter(name, derived);
    }

    private final class Guard {

        private final UpstreamPolicy policy;
        private final CircuitBreaker breaker;
        private final TimeLimiter timeLimiter;
        private final Retry retry;
        private final Bulkhead bulkhead;

        Guard(UpstreamPolicy policy, CircuitBreaker breaker, TimeLimiter timeLimiter, Retry retry, Bulkhead bulkhead) {
            this.policy = policy;
            this.breaker = breaker;
            this.timeLimiter = timeLimiter;
            this.retry = retry;
            this.bulkhead = bulkhead;
        }

        <T> Mono<T> apply(Mono<T> call) {
            return Mono.defer(() -> {
                GuardMetrics.Call recorded = metrics.start(policy);
                Mono<T> guarded = quota.acquire(policy.quota()).then(call);
                if (retry != null) {
                    guarded = guarded.transformDeferred(RetryOperator.of(retry));
                }
                guarded = guarded.transformDeferred(TimeLimits.of(timeLimiter, timeouts))
                        .transformDeferred(CircuitBreakerOperator.of(breaker));
                if (policy.waitsForQuota()) {
                    Mono<T> attempt = guarded;
                    guarded = Mono.deferContextual(context -> patiently(attempt, context.getOrDefault(QUOTA_DEADLINE,
                            null)));
                }
                if (bulkhead != null) {
                    guarded = guarded.transformDeferred(BulkheadOperator.of(bulkhead));
                }
                Mono<T> recordedCall = guarded
                        .doOnNext(recorded::answered)
                        .onErrorResume(failure -> Mono.deferContextual(context -> {
                            try (var mdc = RequestMdc.restore(context)) { // the failure's log line is the request's
                                return Mono.error(recorded.failed(failure, UpstreamFailures.classify(failure, breaker)
                                                .withCorrelationId(context.getOrDefault(CORRELATION_ID, null)),
                                        context.getOrDefault(SUBJECT, "-")));
                            }
                        }));
                return spans.active() ? traced(recordedCall) : recordedCall;
            });
        }

        /**
         * The exchange under its {@value #SPAN} span: the answer's or the failure's class, and the X-KM correlation
         * id (the answer's, the failure's, or the one a passthrough route put in the context).
         */
        private <T> Mono<T> traced(Mono<T> call) {
            return Mono.deferContextual(context -> {
                String routed = context.getOrDefault(CORRELATION_ID, null);
                // every key from the start (a cancelled call keeps these): the timer's tag keys never vary
                KeyValues tags = KeyValues.of("konagw.upstream.policy", policy.label(), "konagw.upstream.outcome",
                        "cancelled", "konagw.upstream.class", "none");
                return spans.around(call, SPAN, tags, (span, value) -> {
                    span.lowCardinalityKeyValue("konagw.upstream.outcome",
                            value instanceof KonaResponse.Failure<?> ? "vendor_error" : "success");
                    span.lowCardinalityKeyValue("konagw.upstream.class", "none");
                    String id = value instanceof KonaResponse<?> response ? response.correlationId() : routed;
                    if (id != null) {
                        span.highCardinalityKeyValue("konagw.correlation_id", id);
                    }
                }, (span, error) -> {
                    span.lowCardinalityKeyValue("konagw.upstream.outcome", "failure");
                    String id = routed;
                    if (error instanceof UpstreamFailure failure) {
                        span.lowCardinalityKeyValue("konagw.upstream.class", failure.failureClass().tag());
                        id = failure.correlationId() != null ? failure.correlationId() : routed;
                    }
                    if (id != null) {
                        span.highCardinalityKeyValue("konagw.correlation_id", id);
                    }
                });
            });
        }
    }

    /** Tries again after each quota refusal while the deadline allows a next try. */
    private <T> Mono<T> patiently(Mono<T> attempt, Long deadline) {
        if (deadline == null) {
            return attempt;
        }
        return attempt.onErrorResume(UpstreamQuotaExceededException.class, refused -> {
            long now = timeouts.now(TimeUnit.NANOSECONDS);
            long hint = refused.retryAfter() == null ? 0 : refused.retryAfter().toNanos();
            AtomicInteger waiting = pausing[refused.partition().ordinal()];
            long left = deadline - now;
            if (left <= Math.max(MIN_QUOTA_PAUSE_NANOS, hint)) {
                return Mono.error(new UpstreamFailure(FailureClass.QUOTA_WAIT,
                        "Upstream quota admitted no call before the deadline.", null, null, refused));
            }
            // the spread never makes a call give up early: its last ask lands before the deadline
            long pause = Math.min(quotaPause(hint, waiting.get(), ThreadLocalRandom.current().nextDouble()), left - 1);
            waiting.incrementAndGet();
            return Mono.delay(Duration.ofNanos(pause), timeouts)
                    .doFinally(signal -> waiting.decrementAndGet())
                    .then(Mono.defer(() -> patiently(attempt, deadline)));
        });
    }

    /**
     * How long a refused call waits before it asks again: at least the quota's hint, spread at random over a window
     * that grows with the calls of its partition already waiting. A refusal frees no permit, so {@code n} waiters
     * asking again every few milliseconds would cost a quota round trip each (tens of thousands a second, a core's
     * worth, for one batch share) to take the one or two permits that slot frees. Spread over about
     * {@code n × the hint}, they ask a few times per permit, and the permits a quota reserves ahead
     * ({@code max-wait}) keep every slot used.
     * @param random uniform in [0, 1)
     */
    static long quotaPause(long hintNanos, int othersWaiting, double random) {
        long pause = Math.max(MIN_QUOTA_PAUSE_NANOS, hintNanos);
        long slot = Math.max(hintNanos, MIN_QUOTA_SPREAD_NANOS);
        long spread = pause / 2 + Math.max(0, othersWaiting) * slot / 2;
        return pause + (long) (random * spread);
    }

    @Override
    public String toString() {
        return "UpstreamGuard" + guards.keySet();
    }
}
