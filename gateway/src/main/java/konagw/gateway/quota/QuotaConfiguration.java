package konagw.gateway.quota;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.timeout.TimeoutScheduler;
import konagw.gateway.cache.CacheConfiguration;
import konagw.gateway.cache.RedisConfiguredCondition;
import konagw.gateway.cache.RedisConnectionGate;
import reactor.core.scheduler.Scheduler;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamRateLimitProperties.class)
public class QuotaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(QuotaConfiguration.class);

    /**
     * Redis-backed with a per-instance fallback when Redis is configured, per-instance only without Redis (the
     * local default: one instance), unlimited unless {@code konagw.upstream.rate-limit.enabled=true}.
     */
    @Bean
    UpstreamQuota upstreamQuota(UpstreamRateLimitProperties properties, Environment environment,
            ObjectProvider<ReactiveRedisConnectionFactory> redis, ObjectProvider<RedisConnectionGate> gate,
            CircuitBreakerRegistry breakers, MeterRegistry meters, @TimeoutScheduler Scheduler timeoutScheduler) {
        if (!properties.on()) {
            if (properties.enabled() == null) {
                log.warn("upstream quota: OFF (konagw.upstream.rate-limit.enabled is not set: local default; the "
                        + "prod profile refuses this)");
            } else {
                log.warn("upstream quota: OFF (konagw.upstream.rate-limit.enabled=false: {})",
                        properties.disabledReason() == null ? "no reason given" : properties.disabledReason());
            }
            return UpstreamQuota.unlimited();
        }
        QuotaLimits limits = properties.limits();
        QuotaMetrics metrics = new QuotaMetrics(meters);
        int burst = properties.effectiveBurst();
        if (!RedisConfiguredCondition.configured(environment)) {
            log.warn("upstream quota: {}/s (burst {}: at most {} calls in any second) for this instance alone "
                    + "(no Redis configured)", properties.rate(), burst, perSecond(properties));
            return new LocalUpstreamQuota(limits, LocalUpstreamQuota.systemMicros(), metrics);
        }
        LocalUpstreamQuota fallback = new LocalUpstreamQuota(limits.share(properties.replicas()),
                LocalUpstreamQuota.systemMicros(), metrics);
        log.info("upstream quota: {}/s (burst {}: at most {} calls in any second; batch share {}) across replicas "
                + "through Redis; {}/s per instance while Redis is unavailable (replicas-hint {})", properties.rate(),
                burst, perSecond(properties), properties.batchShare(), fallback.limits().all().permitsPerSecond(),
                properties.replicas());
        return new RedisUpstreamQuota(new ReactiveStringRedisTemplate(redis.getObject()), gate.getObject(),
                breakers.circuitBreaker(CacheConfiguration.REDIS_BREAKER), properties.redisTimeout(), timeoutScheduler,
                limits, fallback, metrics, meters);
    }

    /** GCRA admits at most rate × W + burst calls in any window W. */
    private static long perSecond(UpstreamRateLimitProperties properties) {
        return (long) Math.floor(properties.rate() + properties.effectiveBurst());
    }
}
