package konagw.gateway.inquiry;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.core.card.CardNumber;
import konagw.gateway.support.GatewayIntegrationTest;

/**
 * Redis does not answer when the gateway starts (frozen: it accepts connections and says nothing, like an
 * overloaded Redis or a network that drops packets): the gateway starts, answers from upstream without waiting
 * for Redis, never opens a Redis connection on an event loop (BlockHound), and uses the cache once Redis answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisDownAtStartupIT extends GatewayIntegrationTest {

    static {
        REDIS.freeze();
    }

    @Override
    protected void flushRedis() {
        // frozen on purpose until the test thaws it
    }

    @AfterEach
    void redisIsBack() {
        REDIS.thaw();
    }

    @Test
    void answersFromUpstreamUntilRedisAnswersAndThenCaches() {
        for (int i = 1; i <= 5; i++) {
            inquireCard("942000000000000" + i).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
        }
        REDIS.thaw();
        String key = cacheKeys.keyOf(CardNumber.parse("9420000000000009"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            inquireCard("9420000000000009").returnResult(String.class);
            return "1".equals(REDIS.command("EXISTS", key));
        });
    }
}
