package konagw.gateway.jobs;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code konagw.jobs.*}: asynchronous batch jobs.
 *
 * @param chunkSize   Entries per chunk, the unit of work one replica claims, looks up and stores at once.
 * @param concurrency Chunks each replica works on at once, over all jobs.
 * @param claimAfter  How long a chunk may go without a sign of life from its replica before another one redoes it.
 * @param maxPause    How long a chunk waits for an open circuit to let calls through before its cards get 900_001.
 * @param retention   How long a job, its results and its idempotency key are kept after it ends.
 * @param maxSize     Most entries in one job (more: 413 900_006).
 * @param maxBody     Most bytes in one job submission (more: 413 900_006).
 */
@Validated
@ConfigurationProperties("konagw.jobs")
public record JobsProperties(
        @Min(1) @Max(10_000) @DefaultValue("500") int chunkSize,
        @Min(1) @Max(1024) @DefaultValue("4") int concurrency,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration claimAfter,
        @NotNull @DurationMin(millis = 0) @DefaultValue("10m") Duration maxPause,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration retention,
        @Min(1) @DefaultValue("1000000") int maxSize,
        @NotNull @DefaultValue("32MB") DataSize maxBody) {

    /** Bound in (16 B, 2 GB): the body is counted in an int. */
    @AssertTrue(message = "konagw.jobs.max-body must be between 16B and 2GB")
    boolean isMaxBodyInRange() {
        return maxBody == null || (maxBody.toBytes() >= 16 && maxBody.toBytes() <= Integer.MAX_VALUE);
    }
}
