package konagw.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
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

/**
 * Base of the gateway's integration tests: the real application on a random port, the real sandbox over
 * HTTP (the embedded default), a real Redis ({@link RedisExtension#shared()}), and BlockHound watching every
 * non-blocking thread; a timeout prints every thread ({@link HangDiagnostics}).
 */
@ExtendWith(HangDiagnostics.class)
public abstract class GatewayIntegrationTest {

    public static final String CACHE_SECRET = "a29uYWd3LWludGVncmF0aW9uLXRlc3QtY2FjaGUtc2VjcmV0LTMyYg==";

    protected static final TestRedis REDIS = RedisExtension.shared();

    static {
        NonBlocking.install();
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
        assertThat(NonBlocking.blockingCalls()).as("blocking calls on non-blocking threads").isEmpty();
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
