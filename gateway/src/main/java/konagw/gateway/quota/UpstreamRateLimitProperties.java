package konagw.gateway.quota;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.upstream.rate-limit.*}: the vendor quota, shared by every replica through Redis.
 *
 * @param enabled          off by default (the vendor quota must be configured to be useful); on in production
 * @param permitsPerSecond upstream calls per second all replicas together may make (the vendor quota)
 * @param burst            calls that may go at once after a quiet period; default: one second of permits
 * @param batchShare       batch lookups draw from a second bucket of {@code batch-share × rate} (and burst) as
 *                         well as from the shared one, so they never take more than that share
 * @param maxWait          how long a call may wait for a reserved permit before failing fast with
 *                         503 {@code 900_001} and {@code Retry-After}; 0 never waits
 * @param replicasHint     while Redis is unavailable each instance allows {@code 1/replicas-hint} of the rate
 *                         on its own (set it to the usual replica count, or the HPA maximum to never exceed)
 * @param redisTimeout     longest wait for the Redis script before deciding locally
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
