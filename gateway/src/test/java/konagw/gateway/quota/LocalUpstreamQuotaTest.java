package konagw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.test.StepVerifier;

class LocalUpstreamQuotaTest {

    final AtomicLong micros = new AtomicLong(1_000_000_000L);

    LocalUpstreamQuota quota(double rate, int burst, double batchShare, Duration maxWait) {
        return new LocalUpstreamQuota(QuotaLimits.of(rate, burst, batchShare, maxWait), micros::get,
                new QuotaMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void admitsTheBurstAtOnceThenOnePermitPerInterval() {
        LocalUpstreamQuota quota = quota(10, 3, 0.5, Duration.ZERO);
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        long refused = quota.reserve(Partition.INTERACTIVE);
        assertThat(refused).isEqualTo(-100_000); // retry after one interval (100 ms)
        micros.addAndGet(100_000);
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isNegative();
    }

    @Test
    void neverAdmitsMoreThanRateTimesWindowPlusBurst() {
        LocalUpstreamQuota quota = quota(50, 5, 0.5, Duration.ZERO);
        int admitted = 0;
        for (int ms = 0; ms < 2_000; ms++) { // 2 s, 20 attempts per ms
            for (int i = 0; i < 20; i++) {
                if (quota.reserve(Partition.INTERACTIVE) >= 0) {
                    admitted++;
                }
            }
            micros.addAndGet(1_000);
        }
        assertThat(admitted).isBetween(100, 50 * 2 + 5);
    }

    @Test
    void reservesWithinMaxWaitAndTellsHowLongToWait() {
        LocalUpstreamQuota quota = quota(10, 1, 0.5, Duration.ofMillis(250));
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isEqualTo(100_000);
        assertThat(quota.reserve(Partition.INTERACTIVE)).isEqualTo(200_000);
        assertThat(quota.reserve(Partition.INTERACTIVE)).isEqualTo(-50_000); // 300 ms > 250 ms
    }

    @Test
    void batchTakesAtMostItsShareAndInteractiveKeepsTheRest() {
        LocalUpstreamQuota quota = quota(10, 4, 0.5, Duration.ZERO);
        assertThat(quota.reserve(Partition.BATCH)).isZero();
        assertThat(quota.reserve(Partition.BATCH)).isZero();
        assertThat(quota.reserve(Partition.BATCH)).isNegative(); // batch burst = 2
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isNegative(); // shared burst 4 spent
        micros.addAndGet(200_000); // two shared intervals, one batch interval
        assertThat(quota.reserve(Partition.BATCH)).isZero();
        assertThat(quota.reserve(Partition.BATCH)).isNegative();
        assertThat(quota.reserve(Partition.INTERACTIVE)).isZero();
    }

    /**
     * Issue 20, item 3: when the batch bucket makes a call wait, the shared bucket must be booked at the call's
     * departure, not at the time it asked. Rate 10/s, burst 1: two calls may never leave within 100 ms.
     */
    @Test
    void aBatchCallDelayedByItsBucketBooksTheSharedSlotItLeavesIn() {
        LocalUpstreamQuota quota = quota(10, 1, 0.5, Duration.ofSeconds(1));
        long batchFirst = quota.reserve(Partition.BATCH);
        long batchSecond = quota.reserve(Partition.BATCH);
        long interactive = quota.reserve(Partition.INTERACTIVE);
        assertThat(batchFirst).isZero();
        assertThat(batchSecond).as("the batch bucket (5/s) holds it for 200 ms").isEqualTo(200_000);
        assertThat(interactive).as("the shared slot at 200 ms is the batch call's: the next one is at 300 ms")
                .isEqualTo(300_000);
    }

    @Test
    void aMixOfBatchAndInteractiveCallsNeverLeavesFasterThanTheRate() {
        double rate = 10;
        int burst = 1;
        LocalUpstreamQuota quota = quota(rate, burst, 0.5, Duration.ofSeconds(1));
        java.util.Random random = new java.util.Random(20);
        List<Long> departures = new ArrayList<>();
        for (int ms = 0; ms < 3_000; ms += 10) {
            // batch-heavy: the batch bucket, not the shared one, decides most waits
            for (Partition partition : random.nextInt(4) == 0 ? List.of(Partition.INTERACTIVE, Partition.BATCH)
                    : List.of(Partition.BATCH)) {
                long reservation = quota.reserve(partition);
                if (reservation >= 0) {
                    departures.add(micros.get() + reservation);
                }
            }
            micros.addAndGet(10_000);
        }
        Collections.sort(departures);
        assertThat(departures).hasSizeGreaterThan(25);
        for (long windowMicros : List.of(0L, 50_000L, 100_000L, 400_000L, 1_000_000L)) {
            int allowed = (int) Math.floor(rate * windowMicros / 1e6 + burst);
            assertThat(QuotaDepartures.mostInAnyWindow(departures, windowMicros))
                    .as("departures within %d µs (allowed %d)", windowMicros, allowed)
                    .isLessThanOrEqualTo(allowed);
        }
    }

    @Test
    void acquireFailsWith503AndRetryAfter() {
        LocalUpstreamQuota quota = quota(2, 1, 0.5, Duration.ZERO);
        StepVerifier.create(quota.acquire(Partition.INTERACTIVE)).verifyComplete();
        StepVerifier.create(quota.acquire(Partition.INTERACTIVE))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(UpstreamQuotaExceededException.class);
                    UpstreamQuotaExceededException refused = (UpstreamQuotaExceededException) e;
                    assertThat(refused.code().code()).isEqualTo("900_001");
                    assertThat(refused.code().httpStatus()).isEqualTo(503);
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
                })
                .verify();
    }

    @Test
    void theFallbackShareDividesRateAndBurst() {
        QuotaLimits share = QuotaLimits.of(100, 20, 0.25, Duration.ofMillis(10)).share(4);
        assertThat(share.all().permitsPerSecond()).isEqualTo(25);
        assertThat(share.all().burst()).isEqualTo(5);
        assertThat(share.batch().permitsPerSecond()).isEqualTo(6.25);
        assertThat(share.maxWaitMicros()).isEqualTo(10_000);
    }
}
