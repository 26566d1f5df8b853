package konagw.gateway.auth;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

import konagw.gateway.cache.RedisConfiguredCondition;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.RedisScripts;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class AuthConfiguration {

    /** Static: a post-processor must not wait for this configuration's other beans. */
    @Bean
    static BeanPostProcessor textBackedRateLimiterScript() {
        return RedisScripts.textBackedRateLimiterScript();
    }

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    @Bean
    CallerAuthenticationWebFilter callerAuthenticationWebFilter(AuthProperties properties, Environment environment,
            ProblemWriter problems) {
        ApiKeys keys = ApiKeys.of(properties.apiKeys());
        if (properties.mode() == AuthProperties.Mode.MESH) {
            log.info("caller authentication: mesh identity from header {}", properties.meshHeader());
        } else if (keys.isEmpty()) {
            log.warn("caller authentication is OFF: no konagw.auth.api-keys configured (local default; every caller "
                    + "is '{}'; the prod profile refuses this)", AuthenticatedClient.ANONYMOUS);
        } else {
            log.info("caller authentication: X-Api-Key, {} client(s)", keys.size());
        }
        return new CallerAuthenticationWebFilter(properties.mode(), keys, properties.meshHeader(), problems,
                new ManagementPort(environment));
    }

    /** Spring Cloud Gateway's KeyResolver: the authenticated client id (replaces its principal-name resolver). */
    @Bean
    KeyResolver clientKeyResolver() {
        return exchange -> Mono.justOrEmpty(AuthenticatedClient.of(exchange));
    }

    @Bean
    ClientRateLimiter clientRateLimiter(AuthProperties properties, Environment environment,
            ApplicationContext context, ObjectProvider<RedisConnectionGate> gate) {
        AuthProperties.RateLimit limit = properties.rateLimit();
        if (!limit.enabled()) {
            log.warn("inbound rate limit is OFF (konagw.auth.rate-limit.enabled=false)");
            return new ClientRateLimiter(null);
        }
        if (!RedisConfiguredCondition.configured(environment)) {
            log.warn("inbound rate limit is OFF: it needs Redis (spring.data.redis.url) to hold across replicas");
            return new ClientRateLimiter(null);
        }
        // Not a bean of its own: a RateLimiter bean would be picked up by anything wanting "the" rate limiter.
        RedisRateLimiter redis = new GatedRedisRateLimiter(gate.getObject(), limit.replenishRate(), limit.burstCapacity());
        redis.setApplicationContext(context);
        redis.setIncludeHeaders(true);
        log.info("inbound rate limit: {} per second per client, burst {} (Redis)", limit.replenishRate(),
                limit.burstCapacity());
        return new ClientRateLimiter(redis);
    }

    @Bean
    RateLimitProblemGatewayFilter rateLimitProblemGatewayFilter(ProblemWriter problems) {
        return new RateLimitProblemGatewayFilter(problems);
    }

    @Bean
    FunctionalRouteRateLimitWebFilter functionalRouteRateLimitWebFilter(ClientRateLimiter limiter,
            ObjectProvider<RouterFunctionMapping> mapping, ServerCodecConfigurer codecs, ProblemWriter problems) {
        return new FunctionalRouteRateLimitWebFilter(limiter, mapping, List.copyOf(codecs.getReaders()), problems);
    }
}
