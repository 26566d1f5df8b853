package konagw.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.io.Resource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * Lua scripts held as text, with their SHA-1 computed once. A script built on a {@code Resource} checks the
 * resource for changes and reads it again on every call: blocking file I/O on the event loop for each rate-limit
 * decision. And Spring Data Redis's {@code DefaultRedisScript} takes a lock for its SHA-1 on every call, which two
 * event loops running scripts at once wait on.
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

    /** The script of this text, its SHA-1 (the script's name for {@code EVALSHA}) computed now. */
    public static <T> RedisScript<T> of(String text, Class<T> resultType) {
        return new HeldScript<>(text, resultType, sha1Hex(text));
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    private record HeldScript<T>(String text, Class<T> resultType, String sha1) implements RedisScript<T> {

        @Override
        public String getSha1() {
            return sha1;
        }

        @Override
        public Class<T> getResultType() {
            return resultType;
        }

        @Override
        public String getScriptAsString() {
            return text;
        }
    }

    /** Swaps Spring Cloud Gateway's resource-backed rate-limiter script for the same text held in memory. */
    public static BeanPostProcessor textBackedRateLimiterScript() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (RATE_LIMITER_SCRIPT.equals(beanName) && bean instanceof RedisScript<?> script) {
                    return of(script.getScriptAsString(), List.class);
                }
                return bean;
            }
        };
    }
}
