package konagw.gateway.cache;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Mono;

/**
 * {@code DEGRADED} (HTTP 200) when Redis is unreachable or its breaker is open: the gateway still answers
 * from upstream, so this must never take the pod out of service. The probe goes through the same breaker,
 * which lets a recovered Redis close it again even without traffic.
 */
public final class CacheHealthIndicator extends AbstractReactiveHealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "cache unavailable; serving from upstream");

    private final CacheStore store;
    private final CircuitBreaker breaker;

    public CacheHealthIndicator(CacheStore store, CircuitBreaker breaker) {
        super("cache health check failed");
        this.store = store;
        this.breaker = breaker;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        if (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN) {
            // already known to be failing: answer from the breaker, never queue a probe behind a dead Redis
            return Mono.just(builder.status(DEGRADED)
                    .withDetail("store", store.kind())
                    .withDetail("breaker", breaker.getState().name())
                    .build());
        }
        return store.get("konagw:health:probe")
                .then(Mono.fromSupplier(() -> builder.up()
                        .withDetail("store", store.kind())
                        .withDetail("breaker", breaker.getState().name())
                        .build()))
                .timeout(Duration.ofSeconds(2))
                .onErrorResume(e -> Mono.just(builder.status(DEGRADED)
                        .withDetail("store", store.kind())
                        .withDetail("breaker", breaker.getState().name())
                        .withDetail("error", e.getClass().getSimpleName())
                        .build()));
    }
}
