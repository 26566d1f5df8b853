package konagw.gateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import konagw.core.card.CardNumber;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.NearCache;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.upstream.InstanceIdLease;
import konagw.gateway.support.TestRedis;
import konagw.gateway.support.WithRedis;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;

/**
 * Two gateway instances (two application contexts on their own random ports, one host name, instance ids
 * leased from Redis) behind one real redis-server, with the same {@code konagw.cache.secret}
 * and one standalone sandbox as the vendor: what one instance caches or evicts, the other sees, and the
 * vendor is asked exactly as often as a single instance would ask it.
 */
@WithRedis
class ScaleOutIT {

    static final String FIXED_CARD = "9410000000000001";
    /**
     * A replica's near copy after an eviction's 204 elsewhere: the README promises milliseconds (one pub/sub hop).
     * One second leaves a busy CI machine room and is still far below the 60 s near ttl these instances run with,
     * so only the drop message can meet it.
     */
    static final Duration REMOTE_DROP_BOUND = Duration.ofSeconds(1);

    static TestRedis redis;
    static SandboxServer vendor;
    static Path keys;
    static ConfigurableApplicationContext instanceA;
    static ConfigurableApplicationContext instanceB;
    static WebTestClient a;
    static WebTestClient b;

    @BeforeAll
    static void start(TestRedis testRedis) throws Exception {
        redis = testRedis;
        vendor = SandboxServer.start(SandboxSettings.builder().build());
        keys = Files.createTempDirectory("konagw-scaleout-keys-");
        vendor.keys().writeGatewayHalf(keys);
        instanceA = startInstance(GatewayIntegrationTest.CACHE_SECRET);
        instanceB = startInstance(GatewayIntegrationTest.CACHE_SECRET);
        a = client(instanceA);
        b = client(instanceB);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {instanceA, instanceB, vendor}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @BeforeEach
    void cleanSlate() {
        redis.command("FLUSHALL");
        for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
            // as every instance does within a third of a lease: take the flushed lease back before a third
            // instance, starting from the same host name, looks for a free id
            instance.getBean(InstanceIdLease.class).renewOrClaim().block(Duration.ofSeconds(5));
        }
        instanceA.getBean(NearCache.class).dropAll();
        instanceB.getBean(NearCache.class).dropAll();
        vendor.admin().reset();
    }

    static boolean nearHolds(ConfigurableApplicationContext instance, String card) {
        String key = instance.getBean(CacheKeys.class).keyOf(CardNumber.parse(card));
        return instance.getBean(NearCache.class).get(key) != null;
    }

    /** One host name hashes to one instance id: the leases are what keeps their correlation ids apart. */
    @Test
    void theInstancesShareAHostNameButLeaseDistinctInstanceIds() {
        assertThat(port(instanceA)).isNotEqualTo(port(instanceB));
        CorrelationIdGenerator idsA = instanceA.getBean(CorrelationIdGenerator.class);
        CorrelationIdGenerator idsB = instanceB.getBean(CorrelationIdGenerator.class);
        int hashed = CorrelationIdGenerator.instanceIdFor(CorrelationIdGenerator.hostName());
        assertThat(Set.of(idsA.instanceId(), idsB.instanceId())).hasSize(2).contains(hashed);
        assertThat(instanceA.getBean(InstanceIdLease.class).leasedId()).isEqualTo(idsA.instanceId());
        assertThat(instanceB.getBean(InstanceIdLease.class).leasedId()).isEqualTo(idsB.instanceId());
    }

    @Test
    void aLookupThroughOneInstanceIsAHitThroughTheOther() {
        String missBody = inquire(a, FIXED_CARD, "MISS");
        assertThat(missBody).contains("\"accountNo\":\"79790000000001\"");
        awaitCachedEntries(1);
        assertThat(inquire(b, FIXED_CARD, "HIT")).isEqualTo(missBody);
        assertThat(inquire(a, FIXED_CARD, "HIT")).isEqualTo(missBody);
        assertThat(vendor.admin().inquiriesForCard(FIXED_CARD)).isEqualTo(1);
    }

    @Test
    void anEvictionThroughOneInstanceIsAMissThroughTheOther() {
        inquire(a, FIXED_CARD, "MISS");
        awaitCachedEntries(1);
        inquire(b, FIXED_CARD, "HIT");

        assertThat(nearHolds(instanceA, FIXED_CARD)).isTrue();
        evict(b, FIXED_CARD);
        assertThat(cacheEntries()).as("the 204 comes after the delete").isEqualTo(0);
        // a's near copy goes with the pub/sub message the eviction published before its 204: "milliseconds" in the
        // README, with room for a loaded machine here; the near ttl is a minute, so only the message explains a drop
        Awaitility.await().atMost(REMOTE_DROP_BOUND).pollInterval(Duration.ofMillis(1))
                .until(() -> !nearHolds(instanceA, FIXED_CARD));
        awaitEvictionOlderThanItsMargin(FIXED_CARD);
        inquire(a, FIXED_CARD, "MISS");
        awaitCachedEntries(1);
        inquire(b, FIXED_CARD, "HIT");
        assertThat(vendor.admin().inquiriesForCard(FIXED_CARD)).isEqualTo(2);
        assertThat(vendor.admin().violationCount()).isZero();
    }

    @Test
    void manyCardsCachedThroughOneAreServedByTheOtherWithoutTheVendor() {
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            cards.add("9420" + String.format("%012d", 7_000_000L + i * 7919L));
        }
        List<String> bodies = new ArrayList<>();
        for (String card : cards) {
            bodies.add(inquire(a, card, "MISS"));
        }
        awaitCachedEntries(cards.size());
        for (int i = 0; i < cards.size(); i++) {
            assertThat(inquire(b, cards.get(i), "HIT")).isEqualTo(bodies.get(i));
        }
        assertThat(vendor.admin().requests(InquiryHandler.INQUIRY_PATH)).isEqualTo(cards.size());
    }

    /** The shared secret is what makes the instances agree: one with another secret finds nothing. */
    @Test
    void anInstanceWithAnotherCacheSecretSharesNothing() {
        inquire(a, FIXED_CARD, "MISS");
        awaitCachedEntries(1);
        try (ConfigurableApplicationContext other = startInstance(
                "b3RoZXItaW5zdGFuY2Utb3RoZXItc2VjcmV0LTMyLWJ5dGVzIQ==")) {
            inquire(client(other), FIXED_CARD, "MISS");
            awaitCachedEntries(2); // two keys: HMACs under different secrets
        }
        assertThat(vendor.admin().inquiriesForCard(FIXED_CARD)).isEqualTo(2);
    }

    static ConfigurableApplicationContext startInstance(String cacheSecret) {
        var settings = vendor.settings();
        return GatewayInstances.start(Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("management.server.port", "0"),
                Map.entry("konaplate.base-url", vendor.baseUrl().toString()),
                Map.entry("konaplate.asp-id", settings.credentials().aspId()),
                Map.entry("konaplate.access-key", settings.credentials().accessKey()),
                Map.entry("konaplate.secret-key", settings.credentials().secretKey()),
                Map.entry("konaplate.crypto.key-id", settings.cryptoKeyId()),
                Map.entry("konaplate.crypto.server-public-key", "file:" + keys.resolve("server-cert.pem")),
                Map.entry("konaplate.crypto.client-private-key", "file:" + keys.resolve("client-key.pem")),
                Map.entry("spring.data.redis.url", redis.url()),
                // far longer than any wait below: a near copy that goes must have gone with the eviction message
                Map.entry("konagw.cache.near.ttl", "60s"),
                Map.entry("konagw.cache.secret", cacheSecret)));
    }

    /** The cache write follows the answer (it never delays it): wait for it to land in Redis. */
    static void awaitCachedEntries(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(ScaleOutIT::cacheEntries, entries -> entries == count);
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port(context))
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Inquires and asserts 200 with the expected X-Cache; returns the body. */
    static String inquire(WebTestClient instance, String card, String expectedCache) {
        EntityExchangeResult<String> result = instance.post().uri(InquiryHandler.INQUIRY_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + card + "\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(InquiryHandler.CACHE_HEADER, expectedCache)
                .expectBody(String.class).returnResult();
        return result.getResponseBody();
    }

    static void evict(WebTestClient instance, String card) {
        instance.post().uri(InquiryHandler.EVICT_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + card + "\"}")
                .exchange()
                .expectStatus().isNoContent();
    }

    /** Cache entries only: not the tombstones evictions leave, nor the caller rate limiter's keys. */
    private static int cacheEntries() {
        return redis.entriesUnder(konagw.gateway.cache.CacheKeys.PREFIX);
    }

    /** A lookup that begins within the margin after an eviction is not written back (CacheStore.EVICTION_MARGIN). */
    private static void awaitEvictionOlderThanItsMargin(String card) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> "1".equals(
                redis.command("EVAL", """
                        local v = redis.call('GET', ARGV[1])
                        if not v then return 1 end
                        local t = redis.call('TIME')
                        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
                        return (now - tonumber(string.sub(v, 10)) > tonumber(ARGV[2])) and 1 or 0""", "0",
                        instanceA.getBean(CacheKeys.class).keyOf(CardNumber.parse(card)),
                        Long.toString(konagw.gateway.cache.CacheStore.EVICTION_MARGIN.toNanos() / 1000)).trim()));
    }
}
