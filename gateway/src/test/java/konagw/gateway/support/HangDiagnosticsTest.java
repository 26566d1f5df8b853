package konagw.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class HangDiagnosticsTest {

    @Test
    void aTimeoutAnywhereInTheCauseChainCountsAndOtherFailuresDoNot() {
        assertThat(HangDiagnostics.isTimeout(new IllegalStateException("Timeout on blocking read",
                new TimeoutException()))).isTrue();
        assertThat(HangDiagnostics.isTimeout(new ConditionTimeoutException("not in time"))).isTrue();
        assertThat(HangDiagnostics.isTimeout(new HttpTimeoutException("request timed out"))).isTrue();
        assertThat(HangDiagnostics.isTimeout(new AssertionError("expected 200"))).isFalse();
    }

    @Test
    void theDumpNamesAThreadParkedOnALockAndTheThreadThatHoldsIt() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch started = new CountDownLatch(1);
        lock.lock();
        Thread waiter = new Thread(() -> {
            started.countDown();
            lock.lock();
            lock.unlock();
        }, "diagnostics-waiter");
        try {
            waiter.start();
            started.await();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lock.hasQueuedThread(waiter));
            String dump = HangDiagnostics.dump("a test");
            assertThat(dump).contains("\"diagnostics-waiter\" WAITING cpu=")
                    .contains("owned by \"" + Thread.currentThread().getName() + "\"")
                    .contains("- holds java.util.concurrent.locks.ReentrantLock$NonfairSync");
        } finally {
            lock.unlock();
            waiter.join();
        }
    }
}
