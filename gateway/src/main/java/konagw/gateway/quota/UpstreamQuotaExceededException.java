package konagw.gateway.quota;

import java.time.Duration;

import konagw.gateway.upstream.FailureClass;
import konagw.gateway.upstream.UpstreamFailure;

/**
 * No upstream permit within {@code max-wait}: the gateway answers 503 {@code 900_001} with {@code Retry-After}
 * instead of sending the vendor more than its quota. Neither the circuit breaker nor the retry counts it (it
 * says nothing about the vendor's health; see {@code UpstreamBreakers}).
 */
public final class UpstreamQuotaExceededException extends UpstreamFailure {

    private final Partition partition;

    public UpstreamQuotaExceededException(Partition partition, Duration retryAfter) {
        super(FailureClass.QUOTA, partition == Partition.BATCH
                ? "Upstream quota for batch lookups exhausted; try again later."
                : "Upstream quota exhausted; try again later.", retryAfter, null, null);
        this.partition = partition;
    }

    public Partition partition() {
        return partition;
    }
}
