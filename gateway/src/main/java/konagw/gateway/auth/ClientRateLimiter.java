package konagw.gateway.auth;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import reactor.core.publisher.Mono;

/**
 * The per-client inbound limit: Spring Cloud Gateway's {@link RedisRateLimiter} when Redis is configured and
 * {@code konagw.auth.rate-limit.enabled}, otherwise nothing (every request allowed; startup logs it).
 */
public final class ClientRateLimiter {

    /** The bucket of the facade's functional routes (inquiry, eviction, batch). */
    public static final String FACADE_ROUTE_ID = "facade";

    private final RedisRateLimiter limiter;

    ClientRateLimiter(RedisRateLimiter limiterOrNull) {
        this.limiter = limiterOrNull;
    }

    public boolean enabled() {
        return limiter != null;
    }

    /** The limiter for Spring Cloud Gateway's RequestRateLimiter filter; null when disabled. */
    public RedisRateLimiter redisRateLimiter() {
        return limiter;
    }

    public Mono<RateLimiter.Response> isAllowed(String routeId, String clientId) {
        return limiter.isAllowed(routeId, clientId);
    }
}
