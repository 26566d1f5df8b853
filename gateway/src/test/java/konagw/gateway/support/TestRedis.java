package konagw.gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

/**
 * A Redis for a test: from Testcontainers where a Docker engine is reachable, from the local redis-server binary
 * otherwise ({@link RedisSource}), the choice logged. Tests get one through {@link RedisExtension}
 * ({@link WithRedis}); {@link #properties()} is the property block every gateway started on it needs.
 */
public interface TestRedis extends AutoCloseable {

    String url();

    int port();

    /** One command over RESP, its raw reply as text. */
    String command(String... args);

    /** Stops the server; {@link #resume()} starts it again on the same port. */
    void stop();

    void resume();

    /** Nothing answered, connections still accepted (an overloaded Redis, a network dropping packets). */
    void freeze();

    void thaw();

    @Override
    void close();

    /** A Redis from the source this machine allows, the choice logged. */
    static TestRedis start() {
        RedisSource.Choice choice = RedisSource.choose(DockerEngine.reachable(),
                System.getProperty(RedisSource.PROPERTY));
        LoggerFactory.getLogger(TestRedis.class).info("test Redis from {}: {}", choice.source(), choice.reason());
        return choice.source() == RedisSource.TESTCONTAINERS ? ContainerRedis.start() : RedisTestServer.start();
    }

    /** What a gateway started on this Redis needs: the Redis and the cache secret replicas share. */
    default Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.data.redis.url", url());
        properties.put("konagw.cache.secret", GatewayIntegrationTest.CACHE_SECRET);
        return properties;
    }

    /** {@link #properties()} as {@code key=value} lines, for {@code SpringApplicationBuilder.properties}. */
    default List<String> propertyLines() {
        List<String> lines = new ArrayList<>();
        properties().forEach((key, value) -> lines.add(key + "=" + value));
        return lines;
    }

    /** {@link #properties()} as {@code --key=value} command-line arguments. */
    default List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments;
    }

    /** Keys under {@code prefix} that hold a value, not the tombstone an eviction leaves (it starts with a zero byte). */
    default int entriesUnder(String prefix) {
        return Integer.parseInt(command("EVAL", """
                local n = 0
                for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
                  if string.byte(redis.call('GET', key), 1) ~= 0 then n = n + 1 end
                end
                return n""", "0", prefix + "*").trim());
    }

    /** Every key and the raw bytes of every string value, as Latin-1 text (byte-for-byte). */
    default List<String> dumpKeysAndValues() {
        List<String> dump = new ArrayList<>();
        for (String key : command("KEYS", "*").split("\n")) {
            if (key.isBlank()) {
                continue;
            }
            dump.add(key);
            dump.add(command("GET", key));
        }
        return dump;
    }
}
