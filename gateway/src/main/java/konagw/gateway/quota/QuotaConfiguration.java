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
import konagw.gateway.cache.CacheConfiguration;
import konagw.gateway.cache.RedisConfiguredCondition;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.Problems;
import reactor.core.scheduler.Scheduler;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamRateLimitProperties.class)
public class QuotaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(QuotaConfiguration.class);

    /**
     * Redis-backed with a per-instance fallback when Redis is configured, per-instance only without Redis (the
     * local default: one instance), unlimited when {@code konagw.upstream.rate-limit.enabled=false}.
     */
    @Bean
    UpstreamQuota upstreamQuota(UpstreamRateLimitProperties properties, Environment environment,
            ObjectProvider<ReactiveRedisConnectionFactory> redis, ObjectProvider<RedisConnectionGate> gate,
            CircuitBreakerRegistry breakers, MeterRegistry meters, Scheduler timeoutScheduler) {
        if (!properties.enabled()) {
            log.info("upstream quota: off (konagw.upstream.rate-limit.enabled=false)");
            return UpstreamQuota.unlimited();
        }
        Problems problems = new Problems();
        properties.validate(problems);
        problems.throwIfAny();
        QuotaLimits limits = properties.limits();
        QuotaMetrics metrics = new QuotaMetrics(meters);
        if (!RedisConfiguredCondition.configured(environment)) {
            log.warn("upstream quota: {}/s (burst {}) for this instance alone (no Redis configured)",
                    properties.permitsPerSecond(), properties.effectiveBurst());
            return new LocalUpstreamQuota(limits, LocalUpstreamQuota.systemMicros(), metrics);
        }
        LocalUpstreamQuota fallback = new LocalUpstreamQuota(limits.share(properties.replicasHint()),
                LocalUpstreamQuota.systemMicros(), metrics);
        log.info("upstream quota: {}/s (burst {}, batch share {}) across replicas through Redis; {}/s per instance "
                + "while Redis is unavailable", properties.permitsPerSecond(), properties.effectiveBurst(),
                properties.batchShare(), fallback.limits().all().permitsPerSecond());
        return new RedisUpstreamQuota(new ReactiveStringRedisTemplate(redis.getObject()), gate.getObject(),
                breakers.circuitBreaker(CacheConfiguration.REDIS_BREAKER), properties.redisTimeout(), timeoutScheduler,
                limits, fallback, metrics, meters);
    }
}
