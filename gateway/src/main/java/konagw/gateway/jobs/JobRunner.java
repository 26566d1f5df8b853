package konagw.gateway.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.common.KeyValues;
import konagw.gateway.audit.CardAudit;
import konagw.gateway.batch.ChunkLookup;
import konagw.gateway.tracing.Spans;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Works on job chunks, {@code konagw.jobs.concurrency} at a time on this replica, whichever replica accepted the
 * job. Each worker takes its next chunk round-robin over the runnable jobs (not first come first served over
 * chunks), so a small job submitted while a large one runs gets the next free worker.
 * <p>A chunk is looked up as a batch under {@link UpstreamPolicy#JOB}. While it runs, a sign of life every
 * {@code min(claim-after / 3, 1 s)} renews its claim, reports its progress and learns whether its job was cancelled
 * (then the chunk stops: its in-flight lookups are cancelled, nothing is stored). Cards the guard refused without
 * sending anything (open circuit, no permit) are looked up again after a pause, with a growing backoff, until
 * {@code konagw.jobs.max-pause} has passed since the chunk's first pause; then they keep their {@code 900_001}.
 */
final class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    static final Duration IDLE_POLL = Duration.ofMillis(250);
    static final Duration LIST_REFRESH = Duration.ofMillis(200);
    static final Duration METRICS_REFRESH = Duration.ofSeconds(5);
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final JobEngine engine;
    private final ChunkLookup lookup;
    private final Spans spans;
    private final CardAudit cardAudit;
    private final JobsProperties properties;
    private final JobMetrics metrics;
    private final Scheduler timer;
    private final Scheduler ticks;
    private final Duration heartbeat;
    private final AtomicInteger turn = new AtomicInteger();
    private final Disposable.Composite running = Disposables.composite();
    private volatile List<String> runnable = List.of();
    private volatile long runnableAt;
    /** The span of one job chunk's work: its lookups' cache reads and upstream exchanges are its children. */
    static final String SPAN = "konagw.jobs.chunk";

    private volatile boolean started;

    /**
     * @param timer the runner's own periodic work (metrics refresh) and pauses
     * @param ticks a chunk's heartbeat: armed and cancelled once per chunk, from whatever thread ends the chunk (a
     *              crypto thread, an event loop), so it must cancel without a lock — the timer wheel, not a
     *              {@code ScheduledExecutorService}, whose cancel can park a contended thread
     */
    JobRunner(JobEngine engine, ChunkLookup lookup, JobsProperties properties, JobMetrics metrics, Scheduler timer,
            Scheduler ticks) {
        this(engine, lookup, properties, metrics, timer, ticks, Spans.NONE, null);
    }

    /**
     * @param spans     a {@value #SPAN} span per chunk (a trace of its own: a chunk outlives its job's request)
     * @param cardAudit an audit event per card of a stored chunk ({@code konagw.audit.per-card-batch}), or null
     */
    JobRunner(JobEngine engine, ChunkLookup lookup, JobsProperties properties, JobMetrics metrics, Scheduler timer,
            Scheduler ticks, Spans spans, CardAudit cardAudit) {
        this.spans = spans;
        this.cardAudit = cardAudit;
        this.engine = engine;
        this.lookup = lookup;
        this.properties = properties;
        this.metrics = metrics;
        this.timer = timer;
        this.ticks = ticks;
        Duration third = properties.claimAfter().dividedBy(3);
        this.heartbeat = third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
    }

    @Override
    public void start() {
        started = true;
        for (int i = 0; i < properties.concurrency(); i++) {
            running.add(Mono.defer(this::step).repeat().subscribe(null,
                    e -> log.error("job worker stopped", e)));
        }
        running.add(Flux.interval(METRICS_REFRESH, METRICS_REFRESH, timer)
                .concatMap(tick -> refreshMetrics().onErrorResume(e -> Mono.empty()), 1)
                .subscribe());
    }

    @Override
    public void stop() {
        started = false;
        running.dispose();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** After the web server and Redis (the phase of the web server's graceful stop is higher). */
    @Override
    public int getPhase() {
        return 2;
    }

    /** One chunk worked on, or a short idle wait when there is none; never an error. */
    private Mono<Boolean> step() {
        return next()
                .flatMap(task -> run(task).thenReturn(true))
                .switchIfEmpty(Mono.delay(IDLE_POLL, timer).thenReturn(false))
                .onErrorResume(e -> {
                    log.warn("job worker: {}; trying again shortly", e.toString());
                    return Mono.delay(IDLE_POLL, timer).thenReturn(false);
                });
    }

    /** The next chunk, round-robin over the runnable jobs from this worker's turn on. */
    Mono<ChunkTask> next() {
        return jobs().flatMap(ids -> {
            if (ids.isEmpty()) {
                return Mono.empty();
            }
            int start = Math.floorMod(turn.getAndIncrement(), ids.size());
            return Flux.range(0, ids.size())
                    .concatMap(i -> engine.take(ids.get((start + i) % ids.size())), 1)
                    .next();
        });
    }

    private Mono<List<String>> jobs() {
        long now = System.nanoTime();
        if (now - runnableAt < LIST_REFRESH.toNanos()) {
            return Mono.just(runnable);
        }
        return engine.runnable().doOnNext(ids -> {
            runnable = ids;
            runnableAt = System.nanoTime();
        });
    }

    private Mono<Void> run(ChunkTask task) {
        Mono<Void> run = runUntraced(task);
        return spans.active() ? spans.around(run, SPAN, KeyValues.of("konagw.jobs.reclaimed",
                Boolean.toString(task.reclaimed())), (span, none) -> span.highCardinalityKeyValues(KeyValues.of(
                "konagw.jobs.job", task.jobId(), "konagw.jobs.chunk", Integer.toString(task.chunk()),
                "konagw.jobs.entries", Integer.toString(task.entries().length)))) : run;
    }

    private Mono<Void> runUntraced(ChunkTask task) {
        if (task.reclaimed()) {
            metrics.reclaimed();
            log.info("job chunk taken over from a replica that stopped working on it: job={} chunk={}",
                    task.jobId(), task.chunk());
        }
        long started = System.nanoTime();
        ChunkLookup.Chunk chunk = lookup.chunk(task.entries(), task.firstIndex());
        AtomicInteger counted = new AtomicInteger();
        Mono<Boolean> stop = Mono.delay(heartbeat, ticks).repeat()
                .doOnNext(tick -> countAnswered(chunk.answered(), counted))
                .concatMap(tick -> engine.keepAlive(task, chunk.answered())
                        .onErrorResume(e -> Mono.just(true)), 1) // Redis away: keep going, the store decides later
                .filter(alive -> !alive)
                .next();
        Mono<Void> work = chunk.lookUp(UpstreamPolicy.JOB, properties.maxPause()).then(Mono.defer(() -> retryRefused(chunk, 0, FIRST_PAUSE)));
        return work.thenReturn(true)
                .takeUntilOther(stop)
                .flatMap(done -> {
                    ChunkLookup.Result result = chunk.finish();
                    return engine.complete(task, result)
                            .then(Mono.fromRunnable(() -> {
                                countAnswered(result.entries(), counted);
                                metrics.stored(result);
                                audit(task, chunk, started);
                            }))
                            .thenReturn(true);
                })
                .switchIfEmpty(Mono.fromRunnable(() -> {
                    metrics.stopped();
                    audit(task, chunk, started); // nothing stored, but the cards answered so far were looked up
                    log.info("job chunk stopped: job={} chunk={} (cancelled or gone)", task.jobId(), task.chunk());
                }))
                .then();
    }

    /** Once the chunk is stored or stopped: the cards it answered were looked up for its job's submitter. */
    private void audit(ChunkTask task, ChunkLookup.Chunk chunk, long started) {
        if (cardAudit == null) {
            return;
        }
        String path = JobsHandler.JOBS_PATH + "/" + task.jobId();
        chunk.forEachAnswer((card, source, code, correlationId) -> cardAudit.recordJobLookup(task.owner(),
                task.jobId(), path, card, source, code, correlationId, started));
    }

    /** Counts the entries answered since the chunk's last count (a redone chunk counts again: work done here). */
    private void countAnswered(int answered, AtomicInteger counted) {
        int before = counted.getAndAccumulate(answered, Math::max);
        if (answered > before) {
            metrics.answered(answered - before);
        }
    }

    /** Pauses and looks up again the refused cards, until none is left or max-pause has passed. */
    private Mono<Void> retryRefused(ChunkLookup.Chunk chunk, long pausedSince, Duration backoff) {
        return Mono.defer(() -> {
            if (chunk.refused() == 0) {
                return Mono.empty();
            }
            long since = pausedSince == 0 ? System.nanoTime() : pausedSince;
            long left = properties.maxPause().toNanos() - (System.nanoTime() - since);
            if (left <= 0) {
                return Mono.empty(); // the refused cards keep their 900_001
            }
            metrics.paused();
            Duration wait = Duration.ofNanos(Math.min(backoff.toNanos(), left));
            Duration longer = backoff.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE
                    : backoff.multipliedBy(2);
            return Mono.delay(wait, timer)
                    .then(chunk.lookUp(UpstreamPolicy.JOB, properties.maxPause()))
                    .then(retryRefused(chunk, since, longer));
        });
    }

    private Mono<Void> refreshMetrics() {
        engine.sweep();
        return engine.runnable()
                .flatMapMany(Flux::fromIterable)
                .concatMap(engine::snapshot, 1)
                .collectList()
                .doOnNext(jobs -> {
                    int queued = 0;
                    int runningJobs = 0;
                    int chunks = 0;
                    for (JobSnapshot job : jobs) {
                        if (job.state() == JobState.QUEUED) {
                            queued++;
                        } else if (job.state() == JobState.RUNNING) {
                            runningJobs++;
                        }
                        if (!job.state().ended()) {
                            chunks += Math.max(0, job.chunks() - job.doneChunks());
                        }
                    }
                    metrics.runnable(queued, runningJobs, chunks);
                })
                .then();
    }

    List<String> lastRunnable() {
        return new ArrayList<>(runnable);
    }
}
