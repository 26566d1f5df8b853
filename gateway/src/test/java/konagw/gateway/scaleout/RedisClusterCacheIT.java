package konagw.gateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.lettuce.core.cluster.SlotHash;
import konagw.core.card.CardNumber;
import konagw.gateway.batch.BatchHandler;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.support.RedisClusterTestServer;
import konagw.gateway.support.WithRedis;
import konagw.gateway.upstream.KonaplateConnection;
import konagw.sandbox.SandboxAdmin;

/**
 * The cache on a real local Redis Cluster (3 masters, no replicas) configured through
 * {@code spring.data.redis.cluster.nodes}: single lookups miss then hit, and a multi-key read of entries
 * whose keys hash to many slots on every master comes back complete and in order (Lettuce splits the
 * cluster MGET by slot and reassembles it), both through {@link VirtualAccountCache#readAll} and the batch
 * endpoint.
 */
@WithRedis
class RedisClusterCacheIT {

    static final Pattern ACCOUNT_NO = Pattern.compile("\"accountNo\":\"(\\d+)\"");

    static RedisClusterTestServer cluster;
    static ConfigurableApplicationContext gateway;
    static WebTestClient http;
    static SandboxAdmin vendor;

    @BeforeAll
    static void start(RedisClusterTestServer testCluster) {
        cluster = testCluster;
        gateway = GatewayInstances.start(Map.of(
                "server.port", "0",
                "management.server.port", "0",
                "spring.data.redis.cluster.nodes", cluster.nodes(),
                "konagw.cache.secret", GatewayIntegrationTest.CACHE_SECRET));
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(20))
                .build();
        vendor = gateway.getBean(KonaplateConnection.class).embeddedSandbox().admin();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void cleanSlate() {
        cluster.flushAll();
        vendor.reset();
    }

    @Test
    void theGatewayUsesTheClusterThroughRedis() {
        assertThat(gateway.getBean(VirtualAccountCache.class).storeKind()).isEqualTo("redis");
        for (int node = 0; node < cluster.size(); node++) {
            assertThat(cluster.clusterInfo(node)).contains("cluster_state:ok", "cluster_size:3");
        }
    }

    @Test
    void aSingleLookupIsAHitAfterItsMiss() {
        String card = "9410000000000001";
        String body = inquire(card, "MISS");
        assertThat(body).contains("\"accountNo\":\"79790000000001\"");
        awaitKeysInCluster(1);
        assertThat(inquire(card, "HIT")).isEqualTo(body);
        assertThat(vendor.inquiriesForCard(card)).isEqualTo(1);
    }

    @Test
    void aMultiKeyReadAcrossSlotsAndNodesReturnsEveryEntryInOrder() {
        int cached = 60;
        List<String> cards = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < cached; i++) {
            String card = "9420" + String.format("%012d", 31_000_000L + i * 104_729L);
            cards.add(card);
            accounts.add(accountNo(inquire(card, "MISS")));
        }
        awaitKeysInCluster(cached);
        assertThat(vendor.requests(InquiryHandler.INQUIRY_PATH)).isEqualTo(cached);

        // every master holds some of them, under many slots
        for (int node = 0; node < cluster.size(); node++) {
            assertThat(cluster.keysOnNode(node)).as("keys on node %d", node).isPositive();
        }
        CacheKeys cacheKeys = gateway.getBean(CacheKeys.class);
        List<String> keys = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < cached; i++) {
            String key = cacheKeys.keyOf(CardNumber.parse(cards.get(i)));
            keys.add(key);
            expected.add(accounts.get(i));
            slots.add(SlotHash.getSlot(key));
            if (i % 10 == 0) {
                // never looked up: absent, in its place
                keys.add(cacheKeys.keyOf(CardNumber.parse("9420" + String.format("%012d", 900_000_000L + i))));
                expected.add(null);
            }
        }
        assertThat(slots).hasSizeGreaterThan(cached / 2);

        List<CacheEntry> entries = gateway.getBean(VirtualAccountCache.class).readAll(keys).block(Duration.ofSeconds(10));
        assertThat(entries).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (expected.get(i) == null) {
                assertThat(entries.get(i)).as("entry %d (not cached)", i).isNull();
            } else {
                assertThat(entries.get(i)).as("entry %d", i).isNotNull();
                assertThat(entries.get(i).account().accountNo()).as("entry %d", i).isEqualTo(expected.get(i));
            }
        }
        assertThat(vendor.requests(InquiryHandler.INQUIRY_PATH)).as("the read went to the cache only").isEqualTo(cached);

        // the batch endpoint reads them the same way: all from the cache, in request order
        StringBuilder batch = new StringBuilder("{\"cardNos\":[");
        for (int i = 0; i < cached; i++) {
            batch.append(i == 0 ? "" : ",").append('"').append(cards.get(i)).append('"');
        }
        WebTestClient.BodyContentSpec results = http.post().uri(BatchHandler.BATCH_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch.append("]}").toString())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.results.length()").isEqualTo(cached);
        for (int i = 0; i < cached; i++) {
            results.jsonPath("$.results[" + i + "].source").isEqualTo("CACHE")
                    .jsonPath("$.results[" + i + "].accountNo").isEqualTo(accounts.get(i));
        }
        assertThat(vendor.requests(InquiryHandler.INQUIRY_PATH)).isEqualTo(cached);

        // and through HTTP, every one of them is a hit
        for (int i = 0; i < cached; i += 7) {
            assertThat(accountNo(inquire(cards.get(i), "HIT"))).isEqualTo(accounts.get(i));
        }
    }

    static void awaitKeysInCluster(long count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    long total = 0;
                    for (int node = 0; node < cluster.size(); node++) {
                        total += cluster.keysOnNode(node);
                    }
                    return total;
                }, total -> total == count);
    }

    static String inquire(String card, String expectedCache) {
        return http.post().uri(InquiryHandler.INQUIRY_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + card + "\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(InquiryHandler.CACHE_HEADER, expectedCache)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    static String accountNo(String body) {
        Matcher matcher = ACCOUNT_NO.matcher(body);
        assertThat(matcher.find()).as("accountNo in %s", body).isTrue();
        return matcher.group(1);
    }
}
