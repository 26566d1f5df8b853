package konagw.gateway.upstream;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import konagw.gateway.cache.RedisConfiguredCondition;

/** Instance ids are leased when replicas share a Redis and no {@code konaplate.instance-id} is configured. */
final class InstanceIdLeaseCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return RedisConfiguredCondition.configured(context.getEnvironment())
                && !Binder.get(context.getEnvironment()).bind("konaplate.instance-id", Integer.class).isBound();
    }
}
