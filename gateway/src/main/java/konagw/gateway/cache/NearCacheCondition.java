package konagw.gateway.cache;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** A near cache sits only in front of Redis (the in-memory store is in process already), and only with a ttl. */
final class NearCacheCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return RedisConfiguredCondition.configured(context.getEnvironment())
                && Binder.get(context.getEnvironment()).bindOrCreate("konagw.cache", CacheProperties.class)
                        .near().enabled();
    }
}
