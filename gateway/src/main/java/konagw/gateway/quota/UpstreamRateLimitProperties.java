package konagw.gateway.quota;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.upstream.rate-limit.*}: the vendor quota, shared by every replica through Redis.
 *
 * @param enabled          Whether upstream calls draw permits from the shared vendor quota; on in production, with
 *                         permits-per-second set to the vendor's quota.
 * @param permitsPerSecond Upstream calls per second all replicas together may make (the vendor quota).
 * @param burst            Calls that may go at once after a quiet period; unset: one second of permits.
 * @param batchShare       Share of rate and burst batch lookups may use (they draw from a batch bucket as well as the
 *                         shared one).
 * @param maxWait          Longest a call waits for a permit before failing fast with 503 900_001 and Retry-After; 0
 *                         never waits.
 * @param replicasHint     Replicas to divide the rate by while Redis is unavailable (the usual count, or the HPA
 *                         maximum to never exceed the quota).
 * @param redisTimeout     Longest wait for the quota script in Redis before deciding locally.
 */
@ConfigurationProperties("konagw.upstream.rate-limit")
public record UpstreamRateLimitProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("100") double permitsPerSecond,
        Integer burst,
        @DefaultValue("0.5") double batchShare,
        @DefaultValue("100ms") Duration maxWait,
        @DefaultValue("1") int replicasHint,
        @DefaultValue("500ms") Duration redisTimeout) {

    public int effectiveBurst() {
        return burst != null ? burst : (int) Math.max(1, Math.ceil(permitsPerSecond));
    }

    QuotaLimits limits() {
        return QuotaLimits.of(permitsPerSecond, effectiveBurst(), batchShare, maxWait);
    }

    void validate(Problems problems) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            problems.add("konagw.upstream.rate-limit.permits-per-second must be a positive number");
        }
        if (burst != null && burst < 1) {
            problems.add("konagw.upstream.rate-limit.burst must be at least 1");
        }
        if (!(batchShare > 0.0 && batchShare <= 1.0)) {
            problems.add("konagw.upstream.rate-limit.batch-share must be within (0, 1]");
        }
        if (maxWait == null || maxWait.isNegative()) {
            problems.add("konagw.upstream.rate-limit.max-wait must not be negative");
        }
        if (replicasHint < 1) {
            problems.add("konagw.upstream.rate-limit.replicas-hint must be at least 1");
        }
        if (redisTimeout == null || redisTimeout.isNegative() || redisTimeout.isZero()) {
            problems.add("konagw.upstream.rate-limit.redis-timeout must be positive");
        }
    }
}
