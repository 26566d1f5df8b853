package konagw.gateway.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.batch.*}: how large a batch may be and how much of the upstream it may use.
 *
 * @param maxSize             Most entries in one batch (more: 413 900_006).
 * @param maxBody             Most bytes in one batch request body (more: 413 900_006); 10,000 card numbers take about
 *                            190 KB.
 * @param upstreamConcurrency Most upstream lookups one batch keeps in flight.
 * @param upstreamShare       Share of the konaplate bulkhead all batches together may hold (the konaplate-batch
 *                            bulkhead).
 * @param deadline            How long a batch's misses may wait for upstream quota permits, counted from the request's
 *                            arrival; cards still unanswered then get 900_002 (or STALE where allowed).
 */
@ConfigurationProperties("konagw.batch")
public record BatchProperties(
        @DefaultValue("10000") int maxSize,
        @DefaultValue("512KB") DataSize maxBody,
        @DefaultValue("64") int upstreamConcurrency,
        @DefaultValue("0.5") double upstreamShare,
        @DefaultValue("60s") Duration deadline) {

    /** Checked where it is bound: every problem at once, naming the property, and startup stops. */
    public BatchProperties {
        Problems problems = new Problems();
        validate(maxSize, maxBody, upstreamConcurrency, upstreamShare, deadline, problems);
        problems.throwIfAny();
    }

    private static void validate(int maxSize, DataSize maxBody, int upstreamConcurrency, double upstreamShare,
            Duration deadline, Problems problems) {
        if (maxSize < 1) {
            problems.add("konagw.batch.max-size must be at least 1");
        }
        if (maxBody == null || maxBody.toBytes() < 16 || maxBody.toBytes() > Integer.MAX_VALUE) {
            problems.add("konagw.batch.max-body must be between 16B and 2GB");
        }
        if (upstreamConcurrency < 1) {
            problems.add("konagw.batch.upstream-concurrency must be at least 1");
        }
        if (!(upstreamShare > 0.0 && upstreamShare <= 1.0)) {
            problems.add("konagw.batch.upstream-share must be within (0, 1]");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            problems.add("konagw.batch.deadline must be positive");
        }
    }
}
