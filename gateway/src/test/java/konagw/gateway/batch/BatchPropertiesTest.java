package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import konagw.gateway.config.InvalidConfigurationException;

/** {@code konagw.batch.*} is checked where it is bound, without Spring. */
class BatchPropertiesTest {

    @Test
    void theDefaultsAreFine() {
        assertThat(new BatchProperties(10_000, DataSize.ofKilobytes(512), 64, 0.5, Duration.ofSeconds(60))
                .upstreamShare()).isEqualTo(0.5);
    }

    @Test
    void everyProblemIsListedAtOnce() {
        assertThat(catchThrowableOfType(InvalidConfigurationException.class,
                () -> new BatchProperties(0, DataSize.ofBytes(8), 0, 1.5, Duration.ZERO)).problems())
                .containsExactly("konagw.batch.max-size must be at least 1",
                        "konagw.batch.max-body must be between 16B and 2GB",
                        "konagw.batch.upstream-concurrency must be at least 1",
                        "konagw.batch.upstream-share must be within (0, 1]",
                        "konagw.batch.deadline must be positive");
    }
}
