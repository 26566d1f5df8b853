package konagw.gateway.quota;

import reactor.core.publisher.Mono;

/**
 * Permits to call the vendor, shared by every replica. {@link #acquire} completes when the caller may make
 * one upstream call (at once, or after waiting at most {@code konagw.upstream.rate-limit.max-wait}), or fails
 * with {@link UpstreamQuotaExceededException} (503 {@code 900_001} with {@code Retry-After}) when no permit is
 * free within that wait. Each upstream attempt draws one permit: retries hit the vendor too.
 */
public interface UpstreamQuota {

    Mono<Void> acquire(Partition partition);

    /** No limit: {@code konagw.upstream.rate-limit.enabled=false}. */
    static UpstreamQuota unlimited() {
        return partition -> Mono.empty();
    }
}
