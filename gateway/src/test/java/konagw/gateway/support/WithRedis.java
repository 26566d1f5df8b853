package konagw.gateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class gets a Redis (or a Redis Cluster) as a parameter: see {@link RedisExtension}; a timeout prints its
 * threads ({@link HangDiagnostics}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith({RedisExtension.class, HangDiagnostics.class})
public @interface WithRedis {
}
