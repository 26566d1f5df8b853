package konagw.gateway.quota;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.upstream.rate-limit.*}: the vendor quota, shared by every replica through Redis. Unset values
 * stay {@code null} so that the {@code prod} profile can tell a stated value from a default
 * ({@code ProductionRules}).
 * <p>
 * Burst: over any window W the quota admits at most {@code permits-per-second × W + burst} calls, so one
 * second carries at most {@code permits-per-second + burst}. The default burst is a tenth of a second of
 * permits (1.1 × the rate in any second); a burst of one second of permits would let a second carry twice it.
 *
 * @param enabled          Whether upstream calls draw permits from the shared vendor quota; unset means off (the
 *                         local default), and the prod profile requires it stated.
 * @param permitsPerSecond Upstream calls per second all replicas together may make (the vendor quota); 100 when
 *                         unset, required in prod when the quota is on.
 * @param burst            Calls that may go at once after a quiet period; unset: a tenth of a second of permits (at
 *                         least 1), so any second carries at most rate + burst calls.
 * @param batchShare       Share of rate and burst batch lookups may use (they draw from a batch bucket as well as the
 *                         shared one).
 * @param maxWait          Longest a call waits for a permit before failing fast with 503 900_001 and Retry-After; 0
 *                         never waits.
 * @param replicasHint     Replicas to divide the rate by while Redis is unavailable (the usual count, or the HPA
 *                         maximum to never exceed the quota); 1 when unset, required in prod when the quota is on.
 * @param disabledReason   Why the quota is off; required in prod with enabled=false.
 * @param redisTimeout     Longest wait for the quota script in Redis before deciding locally.
 */
@ConfigurationProperties("konagw.upstream.rate-limit")
public record UpstreamRateLimitProperties(
        Boolean enabled,
        Double permitsPerSecond,
        Integer burst,
        @DefaultValue("0.5") double batchShare,
        @DefaultValue("100ms") Duration maxWait,
        Integer replicasHint,
        String disabledReason,
        @DefaultValue("500ms") Duration redisTimeout) {

    static final double DEFAULT_PERMITS_PER_SECOND = 100;
    private static final String PREFIX = "konagw.upstream.rate-limit.";

    /** Checked where it is bound, quota on or off: every problem at once, naming the property, and startup stops. */
    public UpstreamRateLimitProperties {
        Problems problems = new Problems();
        validate(permitsPerSecond, burst, batchShare, maxWait, replicasHint, redisTimeout, problems);
        problems.throwIfAny();
    }

    public boolean on() {
        return Boolean.TRUE.equals(enabled);
    }

    public double rate() {
        return permitsPerSecond != null ? permitsPerSecond : DEFAULT_PERMITS_PER_SECOND;
    }

    public int replicas() {
        return replicasHint != null ? replicasHint : 1;
    }

    public int effectiveBurst() {
        return burst != null ? burst : (int) Math.max(1, Math.ceil(rate() / 10));
    }

    QuotaLimits limits() {
        return QuotaLimits.of(rate(), effectiveBurst(), batchShare, maxWait);
    }

    private static void validate(Double permitsPerSecond, Integer burst, double batchShare, Duration maxWait,
            Integer replicasHint, Duration redisTimeout, Problems problems) {
        if (permitsPerSecond != null && (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond))) {
            problems.add(PREFIX + "permits-per-second must be a positive number");
        }
        if (burst != null && burst < 1) {
            problems.add(PREFIX + "burst must be at least 1");
        }
        if (!(batchShare > 0.0 && batchShare <= 1.0)) {
            problems.add(PREFIX + "batch-share must be within (0, 1]");
        }
        if (maxWait == null || maxWait.isNegative()) {
            problems.add(PREFIX + "max-wait must not be negative");
        }
        if (replicasHint != null && replicasHint < 1) {
            problems.add(PREFIX + "replicas-hint must be at least 1");
        }
        if (redisTimeout == null || redisTimeout.isNegative() || redisTimeout.isZero()) {
            problems.add(PREFIX + "redis-timeout must be positive");
        }
    }
}
