package konagw.gateway.cache;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Redis counts as configured when an operator named one: a URL, a host, cluster nodes or a sentinel
 * master. Spring's own default (localhost:6379) does not count, so the local run needs no Redis.
 */
public final class RedisConfiguredCondition implements Condition {

    static final String[] MARKERS = {
        "spring.data.redis.url", "spring.data.redis.host", "spring.data.redis.cluster.nodes",
        "spring.data.redis.sentinel.master"
    };

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return configured(context.getEnvironment());
    }

    public static boolean configured(Environment environment) {
        for (String marker : MARKERS) {
            String value = environment.getProperty(marker);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }
}
