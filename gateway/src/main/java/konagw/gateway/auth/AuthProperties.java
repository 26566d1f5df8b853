package konagw.gateway.auth;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code konagw.auth.*}: who may call the gateway and how often.
 *
 * @param mode       {@code api-key} (default): callers send {@code X-Api-Key}; {@code mesh}: the service mesh has
 *                   authenticated the caller and names it in {@code meshHeader}
 * @param apiKeys    client id → SHA-256 hex (64 characters) of that client's key; none configured (and mode
 *                   api-key) means authentication is off, which the {@code prod} profile refuses
 * @param meshHeader the header the mesh sets to the caller's identity (default {@code X-Client-Id}); the mesh must
 *                   overwrite any value a caller sent
 * @param rateLimit  the per-client inbound rate limit
 */
@ConfigurationProperties("konagw.auth")
public record AuthProperties(@DefaultValue("api-key") Mode mode, Map<String, String> apiKeys,
        @DefaultValue("X-Client-Id") String meshHeader, @DefaultValue RateLimit rateLimit) {

    public AuthProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
    }

    public enum Mode {
        API_KEY, MESH
    }

    /**
     * Spring Cloud Gateway's {@code RedisRateLimiter} token bucket per client (and per route: the facade's functional
     * routes share the bucket {@value ClientRateLimiter#FACADE_ROUTE_ID}, each passthrough route has its own).
     *
     * @param enabled        off by default (it costs a Redis round trip on every facade request, cache hits
     *                       included: the bench measured it); without Redis configured it is off whatever this says
     * @param replenishRate  tokens added per second
     * @param burstCapacity  bucket size (≥ replenishRate)
     */
    public record RateLimit(@DefaultValue("false") boolean enabled, @DefaultValue("500") int replenishRate,
            @DefaultValue("1000") long burstCapacity) {
    }

    @Override
    public String toString() {
        return "AuthProperties[mode=" + mode + ", clients=" + apiKeys.keySet() + ", meshHeader=" + meshHeader
                + ", rateLimit=" + rateLimit + "]";
    }
}
