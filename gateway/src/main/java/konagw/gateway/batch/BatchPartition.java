package konagw.gateway.batch;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import reactor.core.publisher.Mono;

/**
 * The batch share of the upstream. A batch upstream call holds two permits: one of the
 * {@code konaplate-batch} bulkhead, sized {@code floor(share × konaplate's max-concurrent-calls)}, and one
 * of the {@code konaplate} bulkhead every upstream call shares. So upstream concurrency as a whole stays
 * within {@code konaplate}'s cap, batches never hold more than their share of it, and interactive lookups
 * always have the rest (and may use the batch share while no batch needs it).
 * <p>The bulkheads never wait (a waiting semaphore would park a thread); batch calls wait for their turn in
 * a {@link PermitQueue} of the same size in front of them instead, first come first served across batches.
 * An open circuit breaker answers a queued call at once, so a queue drains in microseconds then.
 */
final class BatchPartition implements Bulkhead {

    static final String NAME = "konaplate-batch";

    private final Bulkhead batch;
    private final Bulkhead shared;
    private final PermitQueue queue;

    private BatchPartition(Bulkhead batch, Bulkhead shared) {
        this.batch = batch;
        this.shared = shared;
        this.queue = new PermitQueue(batch.getBulkheadConfig().getMaxConcurrentCalls());
    }

    /** The {@code konaplate-batch} bulkhead built in (or brought in line with) the registry. */
    static BatchPartition create(BulkheadRegistry registry, Bulkhead shared, double share) {
        BulkheadConfig sharedConfig = shared.getBulkheadConfig();
        int size = Math.max(1, (int) Math.floor(share * sharedConfig.getMaxConcurrentCalls()));
        BulkheadConfig config = BulkheadConfig.from(sharedConfig)
                .maxConcurrentCalls(size)
                .maxWaitDuration(Duration.ZERO)
                .build();
        Bulkhead batch = registry.bulkhead(NAME, config);
        if (batch.getBulkheadConfig().getMaxConcurrentCalls() != size
                || !batch.getBulkheadConfig().getMaxWaitDuration().isZero()) {
            batch.changeConfig(config); // configured under resilience4j.bulkhead.instances: the share decides
        }
        return new BatchPartition(batch, shared);
    }

    /** Runs one upstream lookup when the batch share has room for it. */
    <T> Mono<T> run(Supplier<? extends Mono<T>> lookup) {
        return queue.run(lookup);
    }

    int size() {
        return queue.capacity();
    }

    PermitQueue queue() {
        return queue;
    }

    @Override
    public boolean tryAcquirePermission() {
        if (!batch.tryAcquirePermission()) {
            return false;
        }
        if (!shared.tryAcquirePermission()) {
            batch.releasePermission();
            return false;
        }
        return true;
    }

    @Override
    public void acquirePermission() {
        batch.acquirePermission();
        try {
            shared.acquirePermission();
        } catch (RuntimeException e) {
            batch.releasePermission();
            throw e;
        }
    }

    @Override
    public void releasePermission() {
        shared.releasePermission();
        batch.releasePermission();
    }

    @Override
    public void onComplete() {
        shared.onComplete();
        batch.onComplete();
    }

    @Override
    public void changeConfig(BulkheadConfig newConfig) {
        batch.changeConfig(newConfig);
    }

    @Override
    public String getName() {
        return batch.getName();
    }

    @Override
    public BulkheadConfig getBulkheadConfig() {
        return batch.getBulkheadConfig();
    }

    @Override
    public Metrics getMetrics() {
        return batch.getMetrics();
    }

    @Override
    public Map<String, String> getTags() {
        return batch.getTags();
    }

    @Override
    public EventPublisher getEventPublisher() {
        return batch.getEventPublisher();
    }
}
