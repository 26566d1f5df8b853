package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class JobSealerTest {

    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
    private final JobSealer sealer = JobSealer.fromCacheSecret(SECRET);

    private static byte[] lines(int from, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            text.append("{\"index\":").append(i).append(",\"source\":\"CACHE\",\"accountNo\":\"")
                    .append(Long.toString(40_000_000_000_000L + (i * 7_919L) % 9_999_999_999L))
                    .append("\",\"bankCode\":\"088\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\"}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void resultLinesOpenAsTheyWereAndTakeAFractionOfTheirSize() {
        byte[] lines = lines(1_000, 500);
        byte[] sealed = sealer.sealLines("job", 2, lines);
        assertThat(sealer.openLines("job", 2, sealed)).isEqualTo(lines);
        assertThat(sealed.length).isLessThan(lines.length / 3);
        assertThat(sealer.openLines("job", 3, sealer.sealLines("job", 3, new byte[0]))).isEmpty();
    }

    @Test
    void linesThatDoNotCompressOpenTooAndOneThreadSealsChunkAfterChunk() {
        byte[] noise = new byte[300_000];
        new java.util.Random(7).nextBytes(noise);
        for (int chunk = 0; chunk < 3; chunk++) {
            byte[] lines = chunk == 1 ? noise : lines(chunk * 100, 100);
            assertThat(sealer.openLines("job", chunk, sealer.sealLines("job", chunk, lines))).isEqualTo(lines);
        }
    }

    @Test
    void linesStoredBeforeDeflationStillOpen() {
        byte[] lines = lines(0, 10);
        byte[] storedByAnEarlierVersion = sealer.seal("job", 0, JobSealer.Part.RESULTS, lines);
        assertThat(sealer.openLines("job", 0, storedByAnEarlierVersion)).isEqualTo(lines);
    }

    @Test
    void deflatedLinesMovedToAnotherChunkOrRelabelledDoNotOpen() {
        byte[] sealed = sealer.sealLines("job", 1, lines(0, 10));
        assertThatThrownBy(() -> sealer.openLines("job", 2, sealed))
                .isInstanceOf(JobSealer.UnreadableJobDataException.class);
        assertThatThrownBy(() -> sealer.openLines("other", 1, sealed))
                .isInstanceOf(JobSealer.UnreadableJobDataException.class);
        byte[] relabelled = sealed.clone();
        relabelled[0] = 1; // claims to be raw lines: the version is part of what is authenticated
        assertThatThrownBy(() -> sealer.openLines("job", 1, relabelled))
                .isInstanceOf(JobSealer.UnreadableJobDataException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.openLines("job", 1, tampered))
                .isInstanceOf(JobSealer.UnreadableJobDataException.class);
    }
}
