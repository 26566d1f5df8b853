package konagw.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.awaitility.Awaitility;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import konagw.core.card.CardNumber;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.NearCache;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.upstream.KonaplateConnection;
import konagw.sandbox.SandboxAdmin;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Base of the gateway's integration tests: the real application on a random port, the real sandbox over
 * HTTP (the embedded default), a real Redis ({@link RedisExtension#shared()}), and BlockHound watching every
 * non-blocking thread.
 */
public abstract class GatewayIntegrationTest {

    public static final String CACHE_SECRET = "a29uYWd3LWludGVncmF0aW9uLXRlc3QtY2FjaGUtc2VjcmV0LTMyYg==";

    protected static final TestRedis REDIS = RedisExtension.shared();

    private static final List<String> BLOCKING_CALLS = new CopyOnWriteArrayList<>();

    static {
        // The JDK's default SecureRandom (used inside RSA-OAEP padding) reads /dev/urandom, which never
        // blocks on Linux; everything else that blocks on a non-blocking thread fails the test.
        // loadIntegrations: without Reactor's and Netty's integrations no thread counts as non-blocking and
        // BlockHound silently checks nothing
        BlockHound.builder()
                .loadIntegrations()
                .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "readFully")
                // Jackson builds each deserializer once under a lock; two threads meeting there wait briefly
                .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                // Spring Data Redis takes a lock for a moment on every call to hand out the shared connection;
                // opening that connection under the lock stays forbidden (RedisConnectionGate opens it off-loop)
                .allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock")
                .disallowBlockingCallsInside("io.lettuce.core.AbstractRedisClient", "getConnection")
                // Resilience4j's event buffers (actuator event endpoints) take a short write lock per event
                .allowBlockingCallsInside("io.github.resilience4j.circularbuffer.ConcurrentEvictingQueue", "writeConcurrently")
                // and a breaker records each outcome in its sliding window under a lock held for one O(1) update
                // (the Redis breaker hears from every event loop that carries a Redis connection)
                .allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
                .allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record")
                // the JDK's RSA keeps its blinding values in a cache behind one static lock, held for a lookup
                .allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair")
                // Lettuce counts the writers of a connection under a lock, exclusive only while it reconnects
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                // Caffeine (near cache) does its upkeep under a short eviction lock when its write buffer is full
                .allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "performCleanUp")
                // Netty's adaptive allocator briefly locks while it grows its magazines
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .blockingMethodCallback(method -> {
                    // recorded as well as thrown: code that degrades on any error (the cache does) would
                    // otherwise turn a blocking call into a silent cache miss
                    BLOCKING_CALLS.add(method + " on " + Thread.currentThread().getName() + " via "
                            + java.util.Arrays.stream(new Throwable().getStackTrace())
                                    .map(frame -> frame.getClassName() + "." + frame.getMethodName())
                                    .filter(frame -> !frame.startsWith("java.") && !frame.startsWith("jdk.")
                                            && !frame.startsWith("sun.") && !frame.startsWith("reactor.blockhound")
                                            && !frame.startsWith(GatewayIntegrationTest.class.getName()))
                                    .limit(8).toList());
                    throw new BlockingOperationError(method);
                })
                .install();
    }


    @LocalServerPort
    protected int port;

    @Autowired
    protected KonaplateConnection connection;

    @Autowired
    protected CircuitBreakerRegistry breakers;

    @Autowired
    protected CacheKeys cacheKeys;

    @Autowired
    private ObjectProvider<NearCache> near;

    @Autowired
    private ObjectProvider<RedisConnectionGate> redisGate;

    protected WebTestClient http;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        REDIS.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("management.server.port", () -> "0");
        // production keeps Redis on a 150 ms leash; a loaded CI machine must not turn hits into misses
        registry.add("konagw.cache.redis-timeout", () -> "2s");
    }

    @AfterEach
    void nothingBlockedANonBlockingThread() {
        List<String> calls = List.copyOf(BLOCKING_CALLS);
        BLOCKING_CALLS.clear();
        assertThat(calls).as("blocking calls on non-blocking threads").isEmpty();
    }

    @BeforeEach
    void cleanSlate() {
        flushRedis();
        sandbox().clearFaults();
        sandbox().reset();
        breakers.getAllCircuitBreakers().forEach(breaker -> breaker.reset());
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Empties Redis and this instance's near cache (which a FLUSHALL alone does not reach). */
    protected void flushRedis() {
        RedisConnectionGate gate = redisGate.getIfAvailable();
        if (gate != null) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(gate::isOpen);
        }
        REDIS.command("FLUSHALL");
        NearCache held = near.getIfAvailable();
        if (held != null) {
            held.dropAll();
        }
    }

    protected SandboxAdmin sandbox() {
        return connection.embeddedSandbox().admin();
    }

    protected WebTestClient.ResponseSpec inquire(String body) {
        return http.post().uri("/api/v1/card/virtual-account/inquiry")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    protected WebTestClient.ResponseSpec inquireCard(String cardNo) {
        return inquire("{\"cardNo\":\"" + cardNo + "\"}");
    }

    /** Cache entries in Redis (other keys, such as the instance-id lease, are not counted). */
    protected static String cacheKeyCount() {
        return REDIS.command("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", CacheKeys.PREFIX + "*");
    }

    /** The answer leaves before its cache write lands (write-behind); wait for the entry, not a fixed time. */
    protected void awaitCached(String... cards) {
        for (String card : cards) {
            String key = cacheKeys.keyOf(CardNumber.parse(card));
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> "1".equals(REDIS.command("EXISTS", key)));
        }
    }
}
