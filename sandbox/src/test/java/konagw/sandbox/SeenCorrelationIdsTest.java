package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class SeenCorrelationIdsTest {

    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    private static String id(Instant t, int suffix) {
        return LocalDateTime.ofInstant(t, KST).format(ID_TIME) + "-" + String.format("%07x", suffix);
    }

    @Test
    void rejectsRepeatsIgnoringHexCase() {
        SeenCorrelationIds seen = new SeenCorrelationIds(Duration.ofMinutes(5));
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        assertThat(seen.firstSeen(id(now, 0xabcdef), now, now)).isTrue();
        assertThat(seen.firstSeen(id(now, 0xabcdef), now, now)).isFalse();
        assertThat(seen.firstSeen(id(now, 0xabcdef).toUpperCase(), now, now)).isFalse();
        assertThat(seen.firstSeen(id(now, 0), now, now)).isTrue();
        assertThat(seen.firstSeen(id(now, 0), now, now)).isFalse();
        assertThat(seen.firstSeen(id(now.plusSeconds(1), 0xabcdef), now.plusSeconds(1), now)).isTrue();
    }

    @Test
    void keepsManyIdsOfOneSecond() {
        SeenCorrelationIds seen = new SeenCorrelationIds(Duration.ofMinutes(5));
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.firstSeen(id(now, i * 7), now, now)).isTrue();
        }
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.firstSeen(id(now, i * 7), now, now)).isFalse();
        }
        assertThat(seen.size()).isEqualTo(100_000);
    }

    @Test
    void forgetsIdsOnceTheyLeaveTheWindow() {
        Duration skew = Duration.ofSeconds(30);
        SeenCorrelationIds seen = new SeenCorrelationIds(skew);
        Instant start = Instant.parse("2026-11-23T12:00:00Z");
        // one hour of traffic, 10 ids a second: memory stays at about one window's worth
        for (int s = 0; s < 3600; s++) {
            Instant now = start.plusSeconds(s);
            for (int i = 0; i < 10; i++) {
                assertThat(seen.firstSeen(id(now, i), now, now)).isTrue();
            }
        }
        assertThat(seen.buckets()).isLessThanOrEqualTo(35);
        assertThat(seen.size()).isLessThanOrEqualTo(350);
    }
}
