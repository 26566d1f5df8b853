package konagw.gateway.upstream;

import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;

/**
 * What the breakers count and what the inquiry retries, as code rather than class names in properties. A breaker
 * ignores every failure of a call the gateway refused itself ({@link FailureClass#reachedUpstream()} false: a
 * refused quota permit, no correlation id to send): the vendor saw nothing, so its health is not in question.
 * Ignored, not "not recorded": Resilience4j counts a failure it does not record as a success.
 */
public final class UpstreamBreakers {

    /** Resilience4j's shared configuration: every breaker without a base config of its own starts from it. */
    static final String DEFAULT_CONFIG = "default";

    /** The failures no breaker counts: nothing reached the vendor. */
    public static final Predicate<Throwable> REFUSED_BY_GATEWAY =
            failure -> !UpstreamFailures.classify(failure, null).failureClass().reachedUpstream();

    private UpstreamBreakers() {
    }

    /** {@code builder} with the gateway's refusals ignored, for registries built without Spring. */
    public static CircuitBreakerConfig.Builder ignoringRefusals(CircuitBreakerConfig.Builder builder) {
        return builder.ignoreException(REFUSED_BY_GATEWAY);
    }

    /**
     * Applied to {@code resilience4j.circuitbreaker.configs.default}, so it reaches the configured instances and
     * those a passthrough route creates by name; an instance setting {@code ignore-exceptions} replaces it, which
     * {@link UpstreamGuard} refuses at startup.
     */
    static CircuitBreakerConfigCustomizer breakersIgnoreRefusals() {
        return CircuitBreakerConfigCustomizer.of(DEFAULT_CONFIG, UpstreamBreakers::ignoringRefusals);
    }

    /** The inquiry retries only failures that fail fast and say nothing about the request. */
    static RetryConfigCustomizer inquiryRetriesTransientFailures() {
        return RetryConfigCustomizer.of(UpstreamPolicy.INQUIRY_INSTANCE,
                builder -> builder.retryOnException(new RetryableUpstreamFailure()));
    }
}
