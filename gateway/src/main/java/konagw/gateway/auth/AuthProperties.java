package konagw.gateway.auth;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.auth.*}: who may call the gateway and how often. Checked where it is bound (the compact
 * constructor): every problem at once, never a key, and startup stops. That the prod profile needs callers
 * authenticated is a production rule ({@code ProductionRules}).
 *
 * @param mode       How callers are authenticated: api-key (they send X-Api-Key) or mesh (the service mesh names them
 *                   in mesh-header).
 * @param apiKeys    Client id to the SHA-256 hex (64 characters) of that client's API key; none (with mode api-key)
 *                   turns authentication off, which the prod profile refuses.
 * @param meshHeader Header the service mesh sets to the caller's identity; the mesh must overwrite any value a caller
 *                   sent.
 * @param rateLimit  Per-client inbound rate limit.
 */
@ConfigurationProperties("konagw.auth")
public record AuthProperties(@DefaultValue("api-key") Mode mode, Map<String, String> apiKeys,
        @DefaultValue("X-Client-Id") String meshHeader, @DefaultValue RateLimit rateLimit) {

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public AuthProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        Problems problems = new Problems();
        ApiKeys.parse(apiKeys, problems);
        if (mode == Mode.MESH && (meshHeader == null || !HEADER_NAME.matcher(meshHeader).matches())) {
            problems.add("konagw.auth.mesh-header must be a header name (letters, digits, '-')");
        }
        if (rateLimit != null && rateLimit.enabled()) {
            if (!(rateLimit.replenishRate() > 0)) {
                problems.add("konagw.auth.rate-limit.replenish-rate must be positive");
            }
            if (rateLimit.burstCapacity() < rateLimit.replenishRate()) {
                problems.add("konagw.auth.rate-limit.burst-capacity must be at least the replenish rate");
            }
        }
        problems.throwIfAny();
    }

    public enum Mode {
        API_KEY, MESH
    }

    /**
     * Spring Cloud Gateway's {@code RedisRateLimiter} token bucket per client (and per route: the facade's functional
     * routes share the bucket {@value ClientRateLimiter#FACADE_ROUTE_ID}, each passthrough route has its own).
     *
     * @param enabled        Whether each client is rate limited (a Redis round trip on every request, cache hits
     *                       included); off without Redis whatever this says.
     * @param replenishRate  Tokens added to a client's bucket per second.
     * @param burstCapacity  Size of a client's bucket, at least replenish-rate.
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
