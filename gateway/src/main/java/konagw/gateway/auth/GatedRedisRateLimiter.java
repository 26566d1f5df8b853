package konagw.gateway.auth;

import java.util.Map;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import konagw.gateway.cache.RedisConnectionGate;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's limiter, asked only once the Redis connection is open: before that its first call
 * would open the connection on the event loop. Until then requests pass, as the limiter itself lets them
 * pass when Redis fails.
 */
final class GatedRedisRateLimiter extends RedisRateLimiter {

    private final RedisConnectionGate gate;

    GatedRedisRateLimiter(RedisConnectionGate gate, int replenishRate, long burstCapacity) {
        super(replenishRate, burstCapacity);
        this.gate = gate;
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        return gate.isOpen() ? super.isAllowed(routeId, id) : Mono.just(new Response(true, Map.of()));
    }
}
