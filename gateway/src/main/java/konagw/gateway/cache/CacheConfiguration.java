package konagw.gateway.cache;

import java.time.Duration;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.http.client.ReactorResourceFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Transports;
import io.micrometer.core.instrument.Gauge;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.timeout.TimeoutScheduler;
import konagw.gateway.upstream.CryptoScheduler;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.scheduler.Scheduler;
import reactor.netty.resources.LoopResources;
import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.config.ProductionRulesConfiguration;
import konagw.gateway.tracing.Spans;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheConfiguration {

    /** The breaker around Redis itself ({@code resilience4j.circuitbreaker.instances.redis}). */
    public static final String REDIS_BREAKER = "redis";

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    /** After the production rules: the prod profile never runs on a random secret. */
    @Bean
    @DependsOn(ProductionRulesConfiguration.RULES)
    CacheSecrets cacheSecrets(CacheProperties properties, Environment environment) {
        if (properties.secret() != null && !properties.secret().isBlank()) {
            return CacheSecrets.fromBase64(properties.secret()); // its form is checked where it is bound
        }
        if (RedisConfiguredCondition.configured(environment)) {
            // replicas sharing a Redis must derive the same keys; a random secret would split the cache
            throw new InvalidConfigurationException(java.util.List.of(
                    "konagw.cache.secret is required with Redis or in the prod profile (Base64 of at least "
                            + CacheSecrets.MIN_SECRET_BYTES + " random bytes, e.g. `openssl rand -base64 32`)"));
        }
        return CacheSecrets.ephemeral();
    }

    @Bean
    CacheKeys cacheKeys(CacheSecrets secrets) {
        return new CacheKeys(secrets.keyHmacKey());
    }

    @Bean
    CacheValueSealer cacheValueSealer(CacheSecrets secrets) {
        return new CacheValueSealer(secrets.valueAesKey());
    }

    @Bean
    CachePolicy cachePolicy(CacheProperties properties) {
        return new CachePolicy(properties);
    }

    @Bean
    @RedisBreaker
    CircuitBreaker redisBreaker(CircuitBreakerRegistry breakers, MeterRegistry meters) {
        CircuitBreaker breaker = breakers.circuitBreaker(REDIS_BREAKER);
        Gauge.builder("konagw.redis.degraded", breaker,
                        b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while the Redis breaker is not closed (lookups go upstream)")
                .register(meters);
        return breaker;
    }

    /** Sealed values under string keys; present only when Redis is configured. */
    @Bean
    @Conditional(RedisConfiguredCondition.class)
    ReactiveRedisTemplate<String, byte[]> cacheRedisTemplate(ReactiveRedisConnectionFactory redis) {
        return new ReactiveRedisTemplate<>(redis,
                RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
                        .value(RedisSerializer.byteArray())
                        .build());
    }

    @Bean
    @Conditional(RedisConfiguredCondition.class)
    RedisConnectionGate redisConnectionGate(LettuceConnectionFactory redis) {
        return new RedisConnectionGate(redis);
    }

    /** After the production rules: the prod profile never runs on the in-memory cache. */
    @Bean
    @DependsOn(ProductionRulesConfiguration.RULES)
    CacheStore cacheStore(CacheProperties properties, Environment environment,
            ObjectProvider<RedisConnectionGate> redisConnectionGate, @RedisBreaker CircuitBreaker redisBreaker,
            @TimeoutScheduler Scheduler timeoutScheduler) {
        if (RedisConfiguredCondition.configured(environment)) {
            log.info("cache: Redis, entries sealed with AES-GCM under HMAC keys; near cache {}",
                    properties.near().enabled() ? "of " + properties.near().maxEntries() + " entries for at most "
                            + properties.near().ttl() : "off");
            return new RedisCacheStore(redisConnectionGate.getObject(), redisBreaker, properties.redisTimeout(),
                    timeoutScheduler);
        }
        log.warn("no Redis configured (spring.data.redis.url): using an in-memory cache of at most {} entries "
                + "(local default; the prod profile refuses this)", properties.inMemoryMaxEntries());
        return new InMemoryCacheStore(properties.inMemoryMaxEntries(), Ticker.systemTicker());
    }

    @Bean
    @Conditional(NearCacheCondition.class)
    NearCache nearCache(CacheProperties properties, Clock clock, MeterRegistry meters) {
        return new NearCache(properties.near().ttl(), properties.near().maxEntries(), clock, Ticker.systemTicker(), meters);
    }

    @Bean
    @Conditional(NearCacheCondition.class)
    NearCacheInvalidation nearCacheInvalidation(ReactiveRedisTemplate<String, byte[]> cacheRedisTemplate, NearCache near,
            RedisConnectionGate redisConnectionGate, CacheProperties properties, @TimeoutScheduler Scheduler timeoutScheduler) {
        return new NearCacheInvalidation(cacheRedisTemplate, near, redisConnectionGate, properties.redisTimeout(),
                timeoutScheduler);
    }

    @Bean
    VirtualAccountCache virtualAccountCache(CacheStore store, CacheValueSealer sealer,
            ObjectProvider<NearCache> near, ObjectProvider<NearCacheInvalidation> invalidation, @CryptoScheduler Scheduler cryptoScheduler,
            CacheProperties properties, TimeLimiterRegistry timeLimiters, MeterRegistry meters, Spans spans) {
        // an upstream call in flight at an eviction answers within its time limiter, then writes within the Redis
        // timeout: the tombstone outlives both
        Duration evictionHold = timeLimiters.timeLimiter(UpstreamPolicy.INQUIRY_INSTANCE).getTimeLimiterConfig()
                .getTimeoutDuration().plus(properties.redisTimeout()).plusSeconds(2);
        return new VirtualAccountCache(store, sealer, near.getIfAvailable(), invalidation.getIfAvailable(),
                cryptoScheduler, evictionHold, meters, spans);
    }

    @Bean
    CacheHealthIndicator cacheHealthIndicator(CacheStore store, @RedisBreaker CircuitBreaker redisBreaker) {
        return new CacheHealthIndicator(store, redisBreaker);
    }

    /**
     * Lettuce on the web server's event loops when their transports match ({@link SharedEventLoops#of}), taken from
     * the resource factory so that they are the ones the server runs on.
     */
    @Bean
    ClientResourcesBuilderCustomizer lettuceOnServerLoops(ReactorResourceFactory reactorResources) {
        return resources -> SharedEventLoops.of(reactorResources.getLoopResources(), LoopResources.DEFAULT_NATIVE,
                        Transports.socketChannelClass())
                .ifPresentOrElse(resources::eventLoopGroupProvider, () -> log.info(
                        "Redis I/O on Lettuce's own event loops: the web server's loops use another transport"));
    }

    /** While Redis is disconnected, fail commands at once instead of queueing them until the timeout. */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
