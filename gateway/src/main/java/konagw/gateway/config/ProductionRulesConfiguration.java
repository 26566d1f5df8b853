package konagw.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import konagw.gateway.auth.AuthProperties;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.RedisConfiguredCondition;
import konagw.gateway.quota.UpstreamRateLimitProperties;
import konagw.gateway.upstream.KonaplateProperties;

/**
 * Enforces {@link ProductionRules} under the {@code prod} profile. The beans that would otherwise fall back to a
 * local default (the embedded sandbox, the in-memory cache, a random cache secret) depend on
 * {@value #RULES}, so that production stops here before any of them starts.
 */
@Configuration(proxyBeanMethods = false)
public class ProductionRulesConfiguration {

    /** The bean name to {@code @DependsOn}. */
    public static final String RULES = "productionRules";

    private static final Logger log = LoggerFactory.getLogger(ProductionRulesConfiguration.class);

    @Bean(RULES)
    ProductionRules productionRules(Environment environment, KonaplateProperties konaplate, CacheProperties cache,
            AuthProperties auth, UpstreamRateLimitProperties quota) {
        ProductionRules rules = new ProductionRules(konaplate, RedisConfiguredCondition.configured(environment), cache,
                auth, quota);
        if (environment.matchesProfiles(ProductionRules.PROFILE)) {
            rules.enforce();
            log.info("prod profile: every production rule holds");
        }
        return rules;
    }
}
