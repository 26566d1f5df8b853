package konagw.core.jwe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled jar is copied out once per content and reused: restarts in a kept /tmp do not pile copies up. */
class AccpLoaderTest {

    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        System.clearProperty(AccpLoader.TMPDIR_PROPERTY);
    }

    @Test
    void everyStartReusesTheOneCopyOfTheSameContentAndReplacesADamagedOne() throws Exception {
        System.setProperty(AccpLoader.TMPDIR_PROPERTY, tmp.toString());
        Path bundled = Files.write(tmp.resolve("bundled.jar"), "the jar's bytes".getBytes());

        Path first = AccpLoader.copiedOut(bundled.toUri().toURL(), "linux-x86_64");
        Path second = AccpLoader.copiedOut(bundled.toUri().toURL(), "linux-x86_64");
        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(first)).isEqualTo("the jar's bytes");
        try (Stream<Path> copies = Files.list(tmp)) {
            assertThat(copies.filter(p -> p.getFileName().toString().startsWith("konagw-accp-"))).hasSize(1);
        }

        Files.writeString(first, "truncated"); // a copy cut short by a kill mid-write of an older version
        assertThat(Files.readString(AccpLoader.copiedOut(bundled.toUri().toURL(), "linux-x86_64")))
                .isEqualTo("the jar's bytes");
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertThat(files).containsExactly(first);
        }
    }
}
