package konagw.gateway.upstream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import konagw.core.card.CardNumber;
import konagw.core.client.KonaResponse;
import konagw.core.client.KonaplateClient;
import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuota;
import konagw.gateway.timeout.TimeLimits;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The inquiry as the rest of the gateway sees it: one {@link KonaplateClient} exchange inside
 * bulkhead → circuit breaker → time limiter → retry → upstream quota (outermost first).
 * <ul>
 * <li>Each attempt draws an upstream permit ({@link UpstreamQuota}), retries included, because each attempt
 * hits the vendor. The wait for a permit counts against the time limiter and holds the bulkhead slot. A
 * refused permit (503 {@code 900_001}) is not retried and not counted by the breaker (its
 * {@code ignore-exceptions}).</li>
 * <li>The time limiter sits outside the retry, so a caller waits at most its timeout, retries included,
 * and a retry never starts past the budget.</li>
 * <li>The breaker sits outside the time limiter: it records what the caller saw (a timeout, a failure
 * after retries) once per call, and an open breaker answers at once without touching upstream.</li>
 * <li>Vendor 4xx answers are values, not errors, so neither the breaker nor the retry sees them.</li>
 * </ul>
 * Failures leave as {@link UpstreamFailure} carrying the gateway code.
 */
public final class GuardedKonaplate {

    private static final Logger log = LoggerFactory.getLogger(GuardedKonaplate.class);

    private final KonaplateClient client;
    private final CircuitBreaker breaker;
    private final TimeLimiter timeLimiter;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final UpstreamFailureClassifier classifier;
    private final MeterRegistry meters;
    private final CryptoFailures cryptoFailures;
    private final UpstreamQuota quota;
    private final Scheduler timeouts;

    /** @param timeouts arms the time limiter's timeout */
    public GuardedKonaplate(KonaplateClient client, CircuitBreaker breaker, TimeLimiter timeLimiter, Retry retry,
            Bulkhead bulkhead, MeterRegistry meters, UpstreamQuota quota, Scheduler timeouts) {
        this.quota = quota;
        this.timeouts = timeouts;
        this.client = client;
        this.breaker = breaker;
        this.timeLimiter = timeLimiter;
        this.retry = retry;
        this.bulkhead = bulkhead;
        this.classifier = new UpstreamFailureClassifier(breaker);
        this.meters = meters;
        this.cryptoFailures = new CryptoFailures(meters);
    }

    public Mono<KonaResponse<VirtualAccount>> inquire(CardNumber card) {
        return inquire(card, bulkhead, Partition.INTERACTIVE);
    }

    /**
     * The same call under another concurrency partition (batch traffic gets its own bulkhead). Any bulkhead
     * but the interactive one is batch traffic, so it also draws its permits from the batch quota partition.
     */
    public Mono<KonaResponse<VirtualAccount>> inquire(CardNumber card, Bulkhead partition) {
        return inquire(card, partition, partition == bulkhead ? Partition.INTERACTIVE : Partition.BATCH);
    }

    /** The call under the given bulkhead, drawing upstream permits from the given quota partition. */
    public Mono<KonaResponse<VirtualAccount>> inquire(CardNumber card, Bulkhead partition, Partition quotaPartition) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return quota.acquire(quotaPartition)
                    .then(Mono.defer(() -> client.inquireVirtualAccount(card)))
                    .transformDeferred(RetryOperator.of(retry))
                    .transformDeferred(TimeLimits.of(timeLimiter, timeouts))
                    .transformDeferred(CircuitBreakerOperator.of(breaker))
                    .transformDeferred(BulkheadOperator.of(partition))
                    .doOnNext(response -> sample.stop(timer("inquiry",
                            response instanceof KonaResponse.Success ? "success" : "vendor_error", "none")))
                    .onErrorMap(failure -> {
                        String metricClass = UpstreamFailureClassifier.metricClass(failure);
                        sample.stop(timer("inquiry", "failure", metricClass));
                        meters.counter("konagw.upstream.errors", "api", "inquiry", "class", metricClass).increment();
                        UpstreamFailure classified = classifier.classify(failure);
                        cryptoFailures.count(failure);
                        if ("quota".equals(metricClass) || "circuit_open".equals(metricClass)
                                || "bulkhead_full".equals(metricClass) || "correlation_id".equals(metricClass)) {
                            // refused without an upstream call: counted in the metrics; one line per card would
                            // flood the log while a batch meets an open circuit
                            log.debug("upstream inquiry refused ({}): card={}", metricClass, card.masked());
                        } else if ("other".equals(metricClass)) {
                            log.error("upstream inquiry failed unexpectedly: card={} correlationId={}", card.masked(),
                                    classified.correlationId(), failure);
                        } else {
                            log.warn("upstream inquiry failed: card={} class={} code={} correlationId={}",
                                    card.masked(), metricClass, classified.code().code(), classified.correlationId());
                        }
                        return classified;
                    });
        });
    }

    public UpstreamQuota quota() {
        return quota;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    private Timer timer(String api, String outcome, String errorClass) {
        return Timer.builder("konagw.upstream.requests")
                .description("upstream calls as the caller sees them, retries included")
                .tags("api", api, "outcome", outcome, "class", errorClass)
                .publishPercentileHistogram()
                .register(meters);
    }
}
