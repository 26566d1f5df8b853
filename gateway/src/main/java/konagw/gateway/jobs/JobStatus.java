package konagw.gateway.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The status document of a job ({@code GET …/jobs/{id}}, and the answer of its submission and cancellation).
 *
 * @param completed      entries whose results can be read
 * @param errors         result codes by count (invalid entries, vendor codes, gateway codes)
 * @param cardsPerSecond entries answered per second since the job started, chunks still running included
 * @param etaSeconds     seconds to the end at that rate; {@code null} while unknown, 0 once ended
 * @param reason         why a {@code FAILED} job could not finish
 */
@Schema(name = "JobStatus")
record JobStatus(String id, JobState state, int total, int completed, int cacheHits, int upstreamCalls, int stale,
        Map<String, Integer> errors, String createdAt, String startedAt, String finishedAt, double cardsPerSecond,
        Long etaSeconds, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    static JobStatus of(JobSnapshot job, Instant now) {
        int answered = Math.min(job.total(), job.completed() + job.inProgress());
        double rate = 0;
        if (job.startedAt() != null) {
            Instant end = job.finishedAt() != null ? job.finishedAt() : now;
            double seconds = Math.max(0.001, Duration.between(job.startedAt(), end).toMillis() / 1000.0);
            rate = (job.state().ended() ? job.completed() : answered) / seconds;
        }
        Long eta;
        if (job.state().ended()) {
            eta = 0L;
        } else if (rate > 0) {
            eta = (long) Math.ceil((job.total() - answered) / rate);
        } else {
            eta = null;
        }
        return new JobStatus(job.id(), job.state(), job.total(), job.completed(), job.cacheHits(), job.upstreamCalls(),
                job.stale(), new TreeMap<>(job.errors()), iso(job.createdAt()), iso(job.startedAt()),
                iso(job.finishedAt()), Math.round(rate * 10) / 10.0, eta, job.reason());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
