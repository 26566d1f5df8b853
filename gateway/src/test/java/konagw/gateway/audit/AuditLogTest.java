package konagw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.gateway.config.InvalidConfigurationException;

/** The audit file on a real file system: events land one per line; a file that cannot be written is counted. */
class AuditLogTest {

    static final AuditEvent EVENT = new AuditEvent(Instant.parse("2026-12-02T05:00:00Z"), "alpha", "inquiry",
            "/api/v1/card/virtual-account/inquiry", "941000******0001", "261202140000-0000001", "req-1", "CACHE",
            "000_000", 200, 3, null, null);

    @TempDir
    Path dir;

    @Test
    void eventsLandInTheirFileAsOneJsonObjectPerLine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AuditLog audit = new AuditLog(meters, file.toString())) {
            audit.record(EVENT);
            audit.record(EVENT);
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("{").contains("\"card\":\"941000******0001\"", "\"source\":\"CACHE\""));
        assertThat(meters.counter("konagw.audit.events").count()).isEqualTo(2);
        assertThat(meters.counter("konagw.audit.failures").count()).isZero();
    }

    @Test
    void aCardNumberInACallerChosenFieldIsMaskedInTheFile() throws Exception {
        // the request id is the caller's X-Correlation-Id: any token of up to 64 characters, 16 digits included
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog audit = new AuditLog(new SimpleMeterRegistry(), file.toString())) {
            audit.record(new AuditEvent(EVENT.time(), "alpha", "inquiry", EVENT.path(), EVENT.card(), null,
                    "9410000000000001", "CACHE", "000_000", 200, 3, null, null));
        }
        assertThat(Files.readString(file)).doesNotContain("9410000000000001").contains("\"requestId\":\"941000******0001\"");
    }

    @Test
    void aFullDiskCountsEveryEventItLoses() {
        // /dev/full accepts the open and fails every write with ENOSPC
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AuditLog audit = new AuditLog(meters, "/dev/full")) {
            for (int i = 0; i < 5; i++) {
                audit.record(EVENT);
            }
        }
        assertThat(meters.counter("konagw.audit.failures").count()).isEqualTo(5);
        assertThat(meters.counter("konagw.audit.events").count()).isZero();
    }

    @Test
    void eventsBeyondTheQueueAreCountedNotWaitedFor() throws Exception {
        // a writer that cannot keep up (here: held inside its first write) never makes a request wait
        Path file = dir.resolve("audit.jsonl");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditJson json = new AuditJson();
        try (AuditLog audit = new AuditLog(event -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json.write(event);
        }, meters, AuditOutput.FILE, file.toString(), 2)) {
            audit.record(EVENT);
            writing.await();
            for (int i = 0; i < 5; i++) {
                audit.record(EVENT); // two wait in the queue, three find it full
            }
            assertThat(meters.counter("konagw.audit.failures").count()).isEqualTo(3);
            assertThat(meters.get("konagw.audit.backlog").gauge().value()).isEqualTo(2);
            release.countDown();
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(meters.counter("konagw.audit.events").count()).isEqualTo(3);
    }

    @Test
    void aFileThatCannotBeOpenedFailsStartup() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        assertThatThrownBy(() -> new AuditLog(new SimpleMeterRegistry(), directory.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("konagw.audit.file: cannot open " + directory);
    }

    @Test
    void standardOutputGetsBareLinesWrittenPerBurstNotPerEvent() throws Exception {
        CountingOutput out = new CountingOutput();
        PrintStream original = System.out;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditJson json = new AuditJson();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (AuditLog audit = new AuditLog(event -> {
            writing.countDown();
            await(release);
            return json.write(event);
        }, meters, AuditOutput.STDOUT, null, 1000)) {
            audit.record(EVENT);
            writing.await(); // the writer holds the first event; the rest queue up behind it as one burst
            for (int i = 0; i < 299; i++) {
                audit.record(EVENT);
            }
            release.countDown();
        } finally {
            System.setOut(original);
        }
        List<String> lines = out.text().lines().toList();
        assertThat(lines).hasSize(300).allSatisfy(line -> assertThat(line).isEqualTo(json.write(EVENT)));
        // ~200 bytes a line: 300 events in a few writes of up to 8 KB (the 256-event bound adds one)
        assertThat(out.writes).isBetween(2, 12);
        assertThat(meters.counter("konagw.audit.events").count()).isEqualTo(300);
    }

    @Test
    void aStandardOutputThatRefusesWritesCountsTheEventsAsLost() {
        PrintStream original = System.out;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("EPIPE");
            }
        }, true, StandardCharsets.UTF_8));
        try (AuditLog audit = new AuditLog(meters, AuditOutput.STDOUT, null, 10)) {
            for (int i = 0; i < 3; i++) {
                audit.record(EVENT);
            }
        } finally {
            System.setOut(original);
        }
        assertThat(meters.counter("konagw.audit.failures").count()).isEqualTo(3);
        assertThat(meters.counter("konagw.audit.events").count()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes written, and how many write calls brought them. */
    private static final class CountingOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
