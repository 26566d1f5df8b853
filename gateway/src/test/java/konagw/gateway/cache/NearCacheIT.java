package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.support.GatewayIntegrationTest;
import reactor.netty.resources.LoopResources;

/** The near cache in front of the real Redis: what it saves, and what it must never hide; and where Redis I/O runs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NearCacheIT extends GatewayIntegrationTest {

    static final String CARD = "9410000000000001";
    static final Pattern GET_CALLS = Pattern.compile("cmdstat_get:calls=(\\d+)");

    @Autowired
    NearCache near;

    @Autowired
    ReactiveRedisTemplate<String, byte[]> cacheRedis;

    @Autowired
    ReactorResourceFactory reactorResources;

    @AfterEach
    void redisIsBack() {
        REDIS.resume();
        // Lettuce reconnects in the background; the next test's write-behind must not meet a closed connection
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> cacheRedis.hasKey("konagw:probe").block(Duration.ofSeconds(1)) != null);
    }

    static long redisGets() {
        Matcher calls = GET_CALLS.matcher(REDIS.command("INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void redisAnswersArriveOnTheWebServersEventLoopsNotOnAThreadOfLettucesOwn() {
        EventLoopGroup serverLoops = reactorResources.getLoopResources().onServer(LoopResources.DEFAULT_NATIVE);
        Boolean onAServerLoop = cacheRedis.hasKey("konagw:probe")
                .map(ignored -> StreamSupport.stream(serverLoops.spliterator(), false)
                        .anyMatch(EventExecutor::inEventLoop))
                .block(Duration.ofSeconds(5));
        assertThat(onAServerLoop).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("lettuce-") && name.contains("EventLoop"));
    }

    @Test
    void aHotCardIsAnsweredWithoutARedisRoundTrip() {
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        awaitCached(CARD);
        long gets = redisGets();
        for (int i = 0; i < 20; i++) {
            inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT")
                    .expectBody().jsonPath("$.accountNo").isEqualTo("79790000000001");
        }
        assertThat(redisGets()).isEqualTo(gets);
        assertThat(sandbox().inquiriesForCard(CARD)).isEqualTo(1);
    }

    @Test
    void aCardCachedByAnotherReplicaIsReadFromRedisOnceThenHeldHere() {
        inquireCard(CARD).expectStatus().isOk();
        awaitCached(CARD);
        near.dropAll(); // as if another replica had written the entry
        long gets = redisGets();
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
        assertThat(redisGets()).isEqualTo(gets + 1);
    }

    @Test
    void anEvictionIsNotHiddenByTheNearCopy() {
        inquireCard(CARD).expectStatus().isOk();
        awaitCached(CARD);
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
        http.post().uri("/api/v1/card/virtual-account/cache/evict")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + CARD + "\"}")
                .exchange().expectStatus().isNoContent();
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().inquiriesForCard(CARD)).isEqualTo(2);
    }

    @Test
    void noCacheRefreshesTheNearCopyToo() {
        inquireCard(CARD).expectStatus().isOk();
        awaitCached(CARD);
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT")
                .expectBody().jsonPath("$.accountNo").isEqualTo("79790000000001");
        // the vendor links another account to the card: only a lookup that refreshes the near copy can show it
        sandbox().remapCard(CARD, new VirtualAccount("79790000009999", "088", "FIXATION", "ACTIVE"));
        http.post().uri("/api/v1/card/virtual-account/inquiry")
                .header("Cache-Control", "no-cache")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"cardNo\":\"" + CARD + "\"}")
                .exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS")
                .expectBody().jsonPath("$.accountNo").isEqualTo("79790000009999");
        long gets = redisGets();
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT")
                .expectBody().jsonPath("$.accountNo").isEqualTo("79790000009999").jsonPath("$.bankCode").isEqualTo("088");
        assertThat(redisGets()).as("answered from the refreshed near copy").isEqualTo(gets);
        assertThat(sandbox().inquiriesForCard(CARD)).isEqualTo(2);
    }

    @Test
    void hotCardsKeepAnsweringWhileRedisIsDown() {
        inquireCard(CARD).expectStatus().isOk();
        awaitCached(CARD);
        REDIS.stop();
        inquireCard(CARD).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
        inquireCard("9410000000000003").expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        assertThat(sandbox().inquiriesForCard(CARD)).isEqualTo(1);
    }
}
