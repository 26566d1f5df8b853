package konagw.gateway.jobs;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.batch.ChunkLookup;

/**
 * The jobs' meters. Gauges are this replica's view of the whole cluster's runnable jobs (refreshed by the runner);
 * counters count what this replica did. No tag carries anything from a request.
 * <ul>
 * <li>{@code konagw_jobs{state=queued|running}}: runnable jobs; {@code konagw_jobs_queue_chunks}: their chunks not
 * yet stored;</li>
 * <li>{@code konagw_jobs_cards_total{outcome=cache|upstream|stale|failed}}: distinct cards per chunk as answered
 * here when their chunk is stored, {@code konagw_jobs_entries_submitted_total};</li>
 * <li>{@code konagw_jobs_entries_answered_total}: entries answered here, counted as they are answered (every
 * heartbeat of a chunk), so that its rate is the live cards per second of this replica;</li>
 * <li>{@code konagw_jobs_chunks_total{result=stored|stopped|reclaimed}}: chunks stored, stopped (cancelled or gone)
 * and taken over from a replica that stopped working on them;</li>
 * <li>{@code konagw_jobs_paused_total}: pauses of a chunk for an open circuit (or a refused permit).</li>
 * </ul>
 */
final class JobMetrics {

    private final Map<JobState, AtomicInteger> jobs = new EnumMap<>(JobState.class);
    private final AtomicInteger queuedChunks = new AtomicInteger();
    private final Counter cache;
    private final Counter upstream;
    private final Counter stale;
    private final Counter failed;
    private final Counter submitted;
    private final Counter answered;
    private final Counter stored;
    private final Counter stopped;
    private final Counter reclaimed;
    private final Counter paused;

    JobMetrics(MeterRegistry meters, String engine) {
        for (JobState state : new JobState[] {JobState.QUEUED, JobState.RUNNING}) {
            AtomicInteger count = new AtomicInteger();
            jobs.put(state, count);
            Gauge.builder("konagw.jobs", count, AtomicInteger::get)
                    .description("runnable jobs of the cluster, as this replica last saw them")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .tag("engine", engine)
                    .register(meters);
        }
        Gauge.builder("konagw.jobs.queue.chunks", queuedChunks, AtomicInteger::get)
                .description("chunks of runnable jobs not yet stored, as this replica last saw them")
                .register(meters);
        cache = cards(meters, "cache");
        upstream = cards(meters, "upstream");
        stale = cards(meters, "stale");
        failed = cards(meters, "failed");
        submitted = Counter.builder("konagw.jobs.entries.submitted").description("entries of jobs submitted here")
                .register(meters);
        answered = Counter.builder("konagw.jobs.entries.answered")
                .description("job entries answered here, counted while their chunk runs")
                .register(meters);
        stored = chunks(meters, "stored");
        stopped = chunks(meters, "stopped");
        reclaimed = chunks(meters, "reclaimed");
        paused = Counter.builder("konagw.jobs.paused")
                .description("pauses of a chunk whose cards the guard refused without sending (open circuit, quota)")
                .register(meters);
    }

    private static Counter cards(MeterRegistry meters, String outcome) {
        return Counter.builder("konagw.jobs.cards").description("distinct cards of job chunks answered here")
                .tag("outcome", outcome).register(meters);
    }

    private static Counter chunks(MeterRegistry meters, String result) {
        return Counter.builder("konagw.jobs.chunks").description("job chunks by what became of them here")
                .tag("result", result).register(meters);
    }

    void submitted(int entries) {
        submitted.increment(entries);
    }

    void answered(int entries) {
        answered.increment(entries);
    }

    void stored(ChunkLookup.Result result) {
        stored.increment();
        cache.increment(result.cacheHits());
        stale.increment(result.stale());
        int gatewayFailures = 0;
        for (Map.Entry<String, Integer> error : result.errors().entrySet()) {
            if (error.getKey().startsWith("900_")) {
                gatewayFailures += error.getValue();
            }
        }
        failed.increment(gatewayFailures);
        upstream.increment(Math.max(0, result.upstreamCalls() - result.stale() - gatewayFailures));
    }

    void stopped() {
        stopped.increment();
    }

    void reclaimed() {
        reclaimed.increment();
    }

    void paused() {
        paused.increment();
    }

    void runnable(int queued, int running, int chunksLeft) {
        jobs.get(JobState.QUEUED).set(queued);
        jobs.get(JobState.RUNNING).set(running);
        queuedChunks.set(chunksLeft);
    }
}
