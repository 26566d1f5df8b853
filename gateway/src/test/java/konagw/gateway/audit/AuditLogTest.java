package konagw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.gateway.config.InvalidConfigurationException;
import tools.jackson.databind.json.JsonMapper;

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
        try (AuditLog audit = new AuditLog(JsonMapper.builder().build(), meters, file.toString())) {
            audit.record(EVENT);
            audit.record(EVENT);
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("{").contains("\"card\":\"941000******0001\"", "\"source\":\"CACHE\""));
        assertThat(meters.counter("konagw.audit.events").count()).isEqualTo(2);
        assertThat(meters.counter("konagw.audit.failures").count()).isZero();
    }

    @Test
    void aFullDiskCountsEveryEventItLoses() {
        // /dev/full accepts the open and fails every write with ENOSPC
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AuditLog audit = new AuditLog(JsonMapper.builder().build(), meters, "/dev/full")) {
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
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (AuditLog audit = new AuditLog(new JsonMapper() {
            @Override
            public String writeValueAsString(Object value) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.writeValueAsString(value);
            }
        }, meters, file.toString(), 2)) {
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
        assertThatThrownBy(() -> new AuditLog(JsonMapper.builder().build(), new SimpleMeterRegistry(), directory.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("konagw.audit.file: cannot open " + directory);
    }
}
