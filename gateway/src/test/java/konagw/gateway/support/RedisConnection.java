package konagw.gateway.support;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.ClientOptions;
import konagw.gateway.cache.RedisConnectionGate;

/**
 * A connection to a test's redis-server without Spring, configured as the gateway configures it: commands fail at
 * once while disconnected instead of queueing, opened through the gateway's {@link RedisConnectionGate}.
 */
public final class RedisConnection implements AutoCloseable {

    private final LettuceConnectionFactory factory;
    private final RedisConnectionGate gate;

    private RedisConnection(LettuceConnectionFactory factory, RedisConnectionGate gate) {
        this.factory = factory;
        this.gate = gate;
    }

    public static RedisConnection to(TestRedis redis) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
                LettuceClientConfiguration.builder().clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build()).build());
        factory.afterPropertiesSet();
        RedisConnectionGate gate = new RedisConnectionGate(factory);
        gate.start();
        return new RedisConnection(factory, gate);
    }

    public LettuceConnectionFactory factory() {
        return factory;
    }

    public RedisConnectionGate gate() {
        return gate;
    }

    @Override
    public void close() {
        gate.stop();
        factory.destroy();
    }
}
