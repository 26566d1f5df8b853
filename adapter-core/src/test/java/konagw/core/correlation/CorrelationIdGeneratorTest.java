package konagw.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CorrelationIdGeneratorTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @Test
    void formatsTimestampInstanceAndSequence() {
        Clock fixed = Clock.fixed(Instant.parse("2024-02-29T14:05:09.500Z"), ZoneOffset.UTC);
        CorrelationIdGenerator generator = new CorrelationIdGenerator(fixed, SEOUL, 1023);
        // 1023 << 18 = 0xffc0000; sequence 0, 1, 2 in the low 18 bits
        assertThat(generator.next()).isEqualTo("240229230509-ffc0000");
        assertThat(generator.next()).isEqualTo("240229230509-ffc0001");
        assertThat(new CorrelationIdGenerator(fixed, SEOUL, 5).next()).isEqualTo("240229230509-0140000");
        assertThat(CorrelationIds.timestamp("240229230509-ffc0000", SEOUL))
                .isEqualTo(Instant.parse("2024-02-29T14:05:09Z"));
    }

    @Test
    void sequenceRestartsInANewSecond() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator generator = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 0);
        generator.next();
        assertThat(generator.next()).isEqualTo("240101000000-0000001");
        clock.advanceMillis(1000);
        assertThat(generator.next()).isEqualTo("240101000001-0000000");
    }

    @Test
    void aMillionIdsFromEightThreadsAreWellFormedAndDistinct() throws Exception {
        CorrelationIdGenerator generator = new CorrelationIdGenerator(Clock.systemUTC(), SEOUL, 77);
        int threads = 8;
        int perThread = 125_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    long[] ids = new long[perThread];
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = generator.next();
                        if (!CorrelationIds.isWellFormed(id)) {
                            throw new AssertionError("malformed: " + id);
                        }
                        ids[i] = pack(id);
                    }
                    return ids;
                }));
            }
            start.countDown();
            long[] all = new long[threads * perThread];
            int at = 0;
            for (Future<long[]> result : results) {
                long[] ids = result.get();
                System.arraycopy(ids, 0, all, at, ids.length);
                at += ids.length;
            }
            Arrays.sort(all);
            for (int i = 1; i < all.length; i++) {
                if (all[i] == all[i - 1]) {
                    throw new AssertionError("duplicate id at sorted index " + i);
                }
            }
            assertThat(all).hasSize(1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exhaustingTheSequenceWaitsForTheNextSecondInsteadOfRepeating() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00.250Z"));
        List<Long> pauses = new ArrayList<>();
        CorrelationIdGenerator generator = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 3, nanos -> {
            pauses.add(nanos);
            // Time passes only while the generator waits: twice short of the next second, then past it.
            clock.advanceMillis(pauses.size() < 3 ? 250 : 300);
        });
        int perSecond = (int) CorrelationIdGenerator.MAX_SEQUENCE + 1;
        String last = null;
        for (int i = 0; i < perSecond; i++) {
            last = generator.next();
        }
        assertThat(last).isEqualTo("240101000000-00fffff");
        assertThat(pauses).isEmpty();

        String next = generator.next();

        assertThat(next).isEqualTo("240101000001-00c0000");
        assertThat(pauses).hasSize(3);
        assertThat(pauses.get(0)).isEqualTo(750_000_000L); // from .250 to the next second
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-01-01T00:00:01.050Z"));
    }

    @Test
    void aClockSteppingBackDoesNotRepeatIds() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:05Z"));
        CorrelationIdGenerator generator = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 0);
        assertThat(generator.next()).isEqualTo("240101000005-0000000");
        clock.advanceMillis(-3000);
        assertThat(generator.next()).isEqualTo("240101000005-0000001");
    }

    @Test
    void aLeasedInstanceIdTakesOverFromTheNextIdAndKeepsTheSequence() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator generator = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 0);
        assertThat(generator.next()).isEqualTo("240101000000-0000000");
        generator.useInstanceId(5);
        assertThat(generator.instanceId()).isEqualTo(5);
        assertThat(generator.next()).isEqualTo("240101000000-0140001");
        assertThatThrownBy(() -> generator.useInstanceId(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(generator.instanceId()).isEqualTo(5);
    }

    @Test
    void instanceIdsAreBounded() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new CorrelationIdGenerator(clock, SEOUL, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1023");
        assertThatThrownBy(() -> new CorrelationIdGenerator(clock, SEOUL, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CorrelationIdGenerator.forHost(clock, SEOUL).instanceId()).isBetween(0, 1023);
        assertThat(CorrelationIdGenerator.instanceIdFor("konagw-7d9f8b6c5-x2k4q"))
                .isEqualTo(CorrelationIdGenerator.instanceIdFor("konagw-7d9f8b6c5-x2k4q")).isBetween(0, 1023);
    }

    @Test
    void hostNameHashingSpreadsIds() {
        AtomicInteger distinct = new AtomicInteger();
        boolean[] seen = new boolean[1024];
        for (int i = 0; i < 100; i++) {
            int id = CorrelationIdGenerator.instanceIdFor("konagw-6b7c9d8f5-pod" + i);
            if (!seen[id]) {
                seen[id] = true;
                distinct.incrementAndGet();
            }
        }
        // 100 names into 1024 slots: about 95 distinct on average; a constant or weak hash gives far fewer.
        assertThat(distinct.get()).isGreaterThan(85);
    }

    @Test
    void wellFormedness() {
        assertThat(CorrelationIds.isWellFormed("240229230509-ffc0000")).isTrue();
        assertThat(CorrelationIds.isWellFormed("240229230509-FFC0000")).isTrue();
        assertThat(CorrelationIds.isWellFormed("240229230509-ffc000")).isFalse();
        assertThat(CorrelationIds.isWellFormed("240229230509_ffc0000")).isFalse();
        assertThat(CorrelationIds.isWellFormed("24022923050x-ffc0000")).isFalse();
        assertThat(CorrelationIds.isWellFormed("240229230509-ffc000g")).isFalse();
        assertThat(CorrelationIds.isWellFormed(null)).isFalse();
        assertThatThrownBy(() -> CorrelationIds.timestamp("241329230509-ffc0000", SEOUL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Packs a well-formed id into a long, injectively: epoch second (< 2^35) and the 28 bits of hex. */
    private static long pack(String id) {
        return CorrelationIds.timestamp(id, SEOUL).getEpochSecond() << 28 | Long.parseLong(id, 13, 20, 16);
    }

    static final class MutableClock extends Clock {
        private volatile long millis;

        MutableClock(Instant start) {
            this.millis = start.toEpochMilli();
        }

        void advanceMillis(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
