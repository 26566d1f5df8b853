package konagw.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.io.Resource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * Lua scripts held as text. A script built on a {@code Resource} checks the resource for changes and reads it
 * again on every call: blocking file I/O on the event loop for each rate-limit decision.
 */
public final class RedisScripts {

    /** Spring Cloud Gateway's {@code RedisRateLimiter} script bean. */
    static final String RATE_LIMITER_SCRIPT = "redisRequestRateLimiterScript";

    private RedisScripts() {
    }

    /** The script's text, read now (at startup). */
    public static String text(Resource script) {
        try {
            return StreamUtils.copyToString(script.getInputStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Redis script " + script.getDescription(), e);
        }
    }

    /** Swaps Spring Cloud Gateway's resource-backed rate-limiter script for the same text held in memory. */
    public static BeanPostProcessor textBackedRateLimiterScript() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (RATE_LIMITER_SCRIPT.equals(beanName) && bean instanceof RedisScript<?> script) {
                    return RedisScript.of(script.getScriptAsString(), List.class);
                }
                return bean;
            }
        };
    }
}
