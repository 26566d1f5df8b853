package konagw.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CorrelationIdGeneratorTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final int PER_SECOND = (int) CorrelationIdGenerator.MAX_SEQUENCE + 1;

    /** Every second's sequence starting at 0, so that the expected ids can be written down. */
    private static CorrelationIdGenerator fromZero(Clock clock, ZoneId zone, int instanceId) {
        return new CorrelationIdGenerator(clock, zone, instanceId, second -> 0);
    }

    @Test
    void formatsTimestampInstanceAndSequence() {
        Clock fixed = Clock.fixed(Instant.parse("2024-02-29T14:05:09.500Z"), ZoneOffset.UTC);
        CorrelationIdGenerator generator = fromZero(fixed, SEOUL, 1023);
        // 1023 << 18 = 0xffc0000; sequence 0, 1, 2 in the low 18 bits
        assertThat(generator.next()).isEqualTo("240229230509-ffc0000");
        assertThat(generator.next()).isEqualTo("240229230509-ffc0001");
        assertThat(fromZero(fixed, SEOUL, 5).next()).isEqualTo("240229230509-0140000");
        assertThat(CorrelationIds.timestamp("240229230509-ffc0000", SEOUL))
                .isEqualTo(Instant.parse("2024-02-29T14:05:09Z"));
    }

    @Test
    void sequenceRestartsInANewSecond() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator generator = fromZero(clock, ZoneOffset.UTC, 0);
        generator.next();
        assertThat(generator.next()).isEqualTo("240101000000-0000001");
        clock.advanceMillis(1000);
        assertThat(generator.next()).isEqualTo("240101000001-0000000");
    }

    @Test
    void aMillionIdsFromEightThreadsAreWellFormedAndDistinct() throws Exception {
        // a second passes every 200,000 reads of the clock (one per id): more than 262,144 ids in one real second
        // would be refused, and what is tested here is that racing threads never share an id
        AtomicLong reads = new AtomicLong();
        long base = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        Clock counting = new Clock() {
            @Override
            public long millis() {
                return base + reads.getAndIncrement() / 200_000 * 1000;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        CorrelationIdGenerator generator = new CorrelationIdGenerator(counting, SEOUL, 77);
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
    void eachSecondStartsAtItsOwnOffsetAndWrapsWithinTheInstancesRange() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator generator = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 3,
                second -> second % 2 == 0 ? CorrelationIdGenerator.MAX_SEQUENCE - 1 : 0x1234);
        // 3 << 18 = 0x00c0000: the sequence wraps inside the instance's range, never into instance 4
        assertThat(generator.next()).isEqualTo("240101000000-00ffffe");
        assertThat(generator.next()).isEqualTo("240101000000-00fffff");
        assertThat(generator.next()).isEqualTo("240101000000-00c0000");
        clock.advanceMillis(1000);
        assertThat(generator.next()).isEqualTo("240101000001-00c1234");
    }

    @Test
    void twoGeneratorsSharingAnInstanceIdDoNotStartTheirSecondsAlike() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator one = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 9,
                CorrelationIdGenerator.randomStarts(1));
        CorrelationIdGenerator other = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 9,
                CorrelationIdGenerator.randomStarts(2));
        Set<String> firsts = new HashSet<>();
        for (int second = 0; second < 100; second++) {
            String a = one.next();
            String b = other.next();
            assertThat(a).as("first id of second %d", second).isNotEqualTo(b);
            assertThat(instanceIn(a)).isEqualTo(9);
            firsts.add(a.substring(13));
            clock.advanceMillis(1000);
        }
        assertThat(firsts).as("the start moves from second to second").hasSizeGreaterThan(95);
        // the public constructor draws a salt of its own
        CorrelationIdGenerator drawn = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 9);
        CorrelationIdGenerator drawnToo = new CorrelationIdGenerator(clock, ZoneOffset.UTC, 9);
        int alike = 0;
        for (int second = 0; second < 5; second++) {
            alike += drawn.next().equals(drawnToo.next()) ? 1 : 0;
            clock.advanceMillis(1000);
        }
        assertThat(alike).isLessThan(5);
    }

    @Test
    void aSpentSecondRefusesAtOnceAndTheNextSecondIssuesAgain() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00.250Z"));
        CorrelationIdGenerator generator = fromZero(clock, ZoneOffset.UTC, 3);
        String last = null;
        for (int i = 0; i < PER_SECOND; i++) {
            last = generator.next();
        }
        assertThat(last).isEqualTo("240101000000-00fffff");

        // a clock that never moves: waiting for the next second would hang here
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(generator::next).isInstanceOf(CorrelationIdUnavailableException.class)
                    .hasMessageContaining("262144").hasMessageContaining("next second");
            assertThat(generator.nextOrNull()).isNull();
        });
        clock.advanceMillis(750);
        assertThat(generator.next()).isEqualTo("240101000001-00c0000");
    }

    @Test
    void aClockSteppingBackKeepsIssuingTheLatestSecondsRestAndNeverWaits() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:05Z"));
        CorrelationIdGenerator generator = fromZero(clock, ZoneOffset.UTC, 0);
        assertThat(generator.next()).isEqualTo("240101000005-0000000");
        clock.advanceMillis(-30_000);
        assertThat(generator.next()).isEqualTo("240101000005-0000001");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 2; i < PER_SECOND; i++) {
                generator.next();
            }
            // 30 s behind, the space of second 5 spent: refused now rather than parked for 30 s
            assertThatThrownBy(generator::next).isInstanceOf(CorrelationIdUnavailableException.class)
                    .hasMessageContaining("stepped back 30 s");
        });
        clock.advanceMillis(30_000);
        assertThatThrownBy(generator::next).isInstanceOf(CorrelationIdUnavailableException.class);
        clock.advanceMillis(1_000);
        assertThat(generator.next()).isEqualTo("240101000006-0000000");
    }

    @Test
    void aWithdrawnGeneratorRefusesUntilItIsGivenAnInstanceIdAgain() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator generator = fromZero(clock, ZoneOffset.UTC, 7);
        generator.next();
        generator.withdraw("instance id 7 is leased by another instance");
        assertThat(generator.issuing()).isFalse();
        assertThat(generator.instanceId()).isEqualTo(7);
        assertThatThrownBy(generator::next).isInstanceOf(CorrelationIdUnavailableException.class)
                .hasMessageContaining("instance id 7 is leased by another instance");
        assertThat(generator.nextOrNull()).isNull();

        generator.useInstanceId(8);
        assertThat(generator.issuing()).isTrue();
        assertThat(generator.next()).isEqualTo("240101000000-0200001");
    }

    @Test
    void aLeasedInstanceIdTakesOverFromTheNextIdAndKeepsTheSequence() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        CorrelationIdGenerator generator = fromZero(clock, ZoneOffset.UTC, 0);
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

    private static long instanceIn(String id) {
        return Long.parseLong(id, 13, 20, 16) >>> 18;
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
