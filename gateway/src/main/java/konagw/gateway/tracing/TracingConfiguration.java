package konagw.gateway.tracing;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayPropagatingSenderTracingObservationHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import konagw.gateway.config.InvalidConfigurationException;

/**
 * Tracing (deploy/OPERATIONS.md "Tracing"): the gateway's {@link Spans}, and the passthrough routes' upstream span
 * without trace headers unless {@code konagw.tracing.propagate-upstream=true}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfiguration {

    /**
     * The registry when tracing is on; {@link Spans#NONE} otherwise (no observation is made at all). Boot 3's
     * endpoint property, which Boot 4 no longer reads, fails startup instead of leaving tracing silently off.
     */
    @Bean
    Spans spans(ObservationRegistry registry, ObjectProvider<Tracer> tracer, Environment environment) {
        List<String> problems = TracingActivation.problems(environment);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return tracer.getIfAvailable() == null ? Spans.NONE : new Spans(registry);
    }

    /** Card numbers masked in what frameworks put in spans (a passthrough URL); Boot registers the filter. */
    @Bean
    @Conditional(TracingOn.class)
    ObservationFilter spanMasking() {
        return new SpanMasking();
    }

    /**
     * Replaces Spring Cloud Gateway's handler of its upstream observation (same order, which it
     * {@code @ConditionalOnMissingBean}s): the span is still made, but with a propagator that writes nothing, so
     * no {@code traceparent}/{@code b3} header is added to what goes to the vendor.
     */
    @Bean
    @Conditional(TracingOn.class)
    @ConditionalOnProperty(name = "konagw.tracing.propagate-upstream", havingValue = "false", matchIfMissing = true)
    @Order(Ordered.HIGHEST_PRECEDENCE + 5)
    GatewayPropagatingSenderTracingObservationHandler gatewayPropagatingSenderTracingObservationHandler(Tracer tracer) {
        return new GatewayPropagatingSenderTracingObservationHandler(tracer, Propagator.NOOP, List.of());
    }

    static final class TracingOn implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return TracingActivation.enabled(context.getEnvironment());
        }
    }
}
