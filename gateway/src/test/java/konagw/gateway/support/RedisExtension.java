package konagw.gateway.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a Redis ({@link WithRedis}): a {@link TestRedis} parameter (of a {@code @BeforeAll}, a constructor or
 * a test method) is the test class's own, from the source this machine allows ({@link TestRedis#start()}); a
 * {@link RedisClusterTestServer} parameter is the class's local Redis Cluster of three masters. Both are closed
 * after the class. {@link #shared()} is the one Redis of the Spring ITs, whose contexts are cached across classes.
 */
public final class RedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);
    private static final int CLUSTER_MASTERS = 3;

    /** Started on first use, stopped with the JVM. */
    private static final class Shared {
        static final TestRedis REDIS = TestRedis.start();
    }

    /** The one Redis of the JVM's {@link GatewayIntegrationTest}s. */
    public static TestRedis shared() {
        return Shared.REDIS;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestRedis.class || type == RedisClusterTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext owner = classContext(context);
        ExtensionContext.Store store = owner.getStore(NAMESPACE);
        // values that are AutoCloseable are closed when the class's context ends
        if (parameter.getParameter().getType() == RedisClusterTestServer.class) {
            return store.computeIfAbsent(RedisClusterTestServer.class, key -> RedisClusterTestServer.start(
                    CLUSTER_MASTERS), RedisClusterTestServer.class);
        }
        return store.computeIfAbsent(TestRedis.class, key -> TestRedis.start(), TestRedis.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
