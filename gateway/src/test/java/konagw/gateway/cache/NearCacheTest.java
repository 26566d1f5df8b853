package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.core.inquiry.VirtualAccount;

class NearCacheTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final byte[] SEALED = {1, 2, 3};

    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    /**
     * Runs once, on the first clock read made by the cache itself: the expiry of an entry being written, which
     * comes after hold's own check and before the entry is in the map.
     */
    final AtomicReference<Runnable> onClockReadInsideTheCache = new AtomicReference<>();
    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            if (onClockReadInsideTheCache.get() != null && calledFromTheCache()) {
                onClockReadInsideTheCache.getAndSet(null).run();
            }
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final NearCache near = new NearCache(Duration.ofSeconds(5), 100, clock,
            () -> Duration.between(Instant.EPOCH, now.get()).toNanos(), meters);

    static CacheEntry freshUntil(Instant until) {
        return new CacheEntry(CachedOutcome.ACCOUNT, new VirtualAccount("12345678901234", "088", "FIXATION", "ACTIVE"), until);
    }

    static boolean calledFromTheCache() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                frame -> frame.getClassName().startsWith("com.github.benmanes.caffeine.")));
    }

    @Test
    void holdsAFreshEntryNoLongerThanTheTtl() {
        near.hold("k", SEALED, freshUntil(T0.plus(Duration.ofHours(12))), near.mark());
        assertThat(near.get("k")).isEqualTo(SEALED);
        now.set(T0.plusMillis(4_999));
        assertThat(near.get("k")).isEqualTo(SEALED);
        now.set(T0.plusSeconds(5));
        assertThat(near.get("k")).isNull();
    }

    @Test
    void neverHoldsAnEntryPastTheMomentItTurnsStale() {
        near.hold("k", SEALED, freshUntil(T0.plusSeconds(2)), near.mark());
        now.set(T0.plusMillis(1_999));
        assertThat(near.get("k")).isEqualTo(SEALED);
        now.set(T0.plusSeconds(2));
        assertThat(near.get("k")).isNull();
    }

    @Test
    void doesNotHoldAStaleEntry() {
        near.hold("k", SEALED, freshUntil(T0), near.mark());
        assertThat(near.get("k")).isNull();
    }

    @Test
    void aReadThatBeganBeforeADropDoesNotPutTheOldValueBack() {
        long mark = near.mark();
        near.drop("other");
        near.hold("k", SEALED, freshUntil(T0.plusSeconds(60)), mark);
        assertThat(near.get("k")).isNull();
        near.hold("k", SEALED, freshUntil(T0.plusSeconds(60)), near.mark());
        assertThat(near.get("k")).isEqualTo(SEALED);
    }

    @Test
    void aDropThatLandsBetweenTheCheckAndThePutWins() throws InterruptedException {
        assertADropDuringTheHoldWins(() -> near.drop("k"));
    }

    @Test
    void aDropAllThatLandsBetweenTheCheckAndThePutWins() throws InterruptedException {
        assertADropDuringTheHoldWins(near::dropAll);
    }

    /**
     * The drop runs on its own thread while hold is inside the cache's write (after hold's check, before the entry
     * is in the map); the write goes on once the drop has finished, or has counted and waits for the key's lock.
     */
    private void assertADropDuringTheHoldWins(Runnable drop) throws InterruptedException {
        long mark = near.mark();
        Thread dropper = new Thread(drop, "dropper");
        onClockReadInsideTheCache.set(() -> {
            dropper.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> dropper.getState() == Thread.State.TERMINATED
                    || (dropper.getState() == Thread.State.BLOCKED && near.mark() != mark));
        });
        near.hold("k", SEALED, freshUntil(T0.plusSeconds(60)), mark);
        dropper.join(10_000);
        assertThat(onClockReadInsideTheCache.get()).as("the drop ran inside the write").isNull();
        assertThat(dropper.isAlive()).isFalse();
        assertThat(near.get("k")).as("the evicted bytes must not stay held").isNull();
        near.hold("k", SEALED, freshUntil(T0.plusSeconds(60)), near.mark());
        assertThat(near.get("k")).isEqualTo(SEALED);
    }

    @Test
    void dropAndDropAllForget() {
        near.hold("a", SEALED, freshUntil(T0.plusSeconds(60)), near.mark());
        near.hold("b", SEALED, freshUntil(T0.plusSeconds(60)), near.mark());
        near.drop("a");
        assertThat(near.get("a")).isNull();
        assertThat(near.get("b")).isEqualTo(SEALED);
        near.dropAll();
        assertThat(near.get("b")).isNull();
        assertThat(near.size()).isZero();
    }

    @Test
    void isBoundedAndReportsItsHitsAsCacheMetrics() {
        for (int i = 0; i < 1_000; i++) {
            near.hold("k" + i, SEALED, freshUntil(T0.plusSeconds(60)), near.mark());
        }
        assertThat(near.size()).isLessThanOrEqualTo(100);
        near.get("absent");
        assertThat(meters.get("cache.gets").tag("cache", "konagw.near").tag("result", "miss").functionCounter().count())
                .isEqualTo(1.0);
    }

    @Test
    void refusesANonPositiveTtl() {
        assertThatThrownBy(() -> new NearCache(Duration.ZERO, 10, clock, System::nanoTime, meters))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
