package konagw.gateway.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import konagw.gateway.batch.ChunkLookup;
import reactor.core.publisher.Mono;

/**
 * Jobs in this process's heap (the local default without Redis): the same API, one instance, lost on restart.
 * Every operation is a short critical section on one job; nothing waits.
 */
final class InMemoryJobEngine implements JobEngine {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> idempotency = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;

    InMemoryJobEngine(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public String kind() {
        return "in-memory";
    }

    @Override
    public Mono<String> idempotent(String owner, String idempotencyKey) {
        return Mono.fromSupplier(() -> {
            String id = idempotency.get(idempotencyName(owner, idempotencyKey));
            return id != null && live(id) != null ? id : null;
        });
    }

    @Override
    public Mono<Void> begin(String id, String owner, int chunkSize) {
        return Mono.fromRunnable(() -> jobs.put(id, new Job(id, owner, chunkSize, clock.instant())));
    }

    @Override
    public Mono<Void> addChunk(String id, int chunk, long[] entries) {
        return Mono.fromRunnable(() -> {
            Job job = jobs.get(id);
            if (job != null) {
                synchronized (job) {
                    job.inputs.add(entries.clone());
                }
            }
        });
    }

    @Override
    public Mono<String> commit(String id, String owner, int total, int chunks, String idempotencyKey) {
        return Mono.fromSupplier(() -> {
            Job job = jobs.get(id);
            if (job == null) {
                throw new IllegalStateException("job vanished while it was received");
            }
            if (idempotencyKey != null) {
                String name = idempotencyName(owner, idempotencyKey);
                String existing = idempotency.putIfAbsent(name, id);
                if (existing != null && live(existing) != null) {
                    jobs.remove(id);
                    return existing;
                }
                idempotency.put(name, id);
                job.idempotencyName = name;
            }
            synchronized (job) {
                job.total = total;
                job.chunks = chunks;
                job.results = new byte[chunks][];
                for (int c = 0; c < chunks; c++) {
                    job.queue.add(c);
                }
                job.committed = true;
                if (chunks == 0) {
                    job.end(JobState.DONE, clock.instant(), null);
                }
            }
            return id;
        });
    }

    @Override
    public Mono<Void> discard(String id) {
        return Mono.fromRunnable(() -> jobs.remove(id));
    }

    @Override
    public Mono<JobSnapshot> snapshot(String id) {
        return Mono.fromSupplier(() -> {
            Job job = live(id);
            if (job == null || !job.committed) {
                return null;
            }
            synchronized (job) {
                return job.snapshot();
            }
        });
    }

    @Override
    public Mono<byte[]> results(String id, int chunk) {
        return Mono.fromSupplier(() -> {
            Job job = live(id);
            if (job == null) {
                return null;
            }
            synchronized (job) {
                return job.results != null && chunk < job.results.length ? job.results[chunk] : null;
            }
        });
    }

    @Override
    public Mono<JobSnapshot> cancel(String id) {
        return Mono.fromSupplier(() -> {
            Job job = live(id);
            if (job == null || !job.committed) {
                return null;
            }
            synchronized (job) {
                if (!job.state.ended()) {
                    job.queue.clear();
                    job.end(JobState.CANCELLED, clock.instant(), null);
                }
                return job.snapshot();
            }
        });
    }

    @Override
    public Mono<List<String>> runnable() {
        return Mono.fromSupplier(() -> {
            List<Job> running = new ArrayList<>();
            for (Job job : jobs.values()) {
                synchronized (job) {
                    if (job.committed && !job.state.ended() && !job.queue.isEmpty()) {
                        running.add(job);
                    }
                }
            }
            running.sort(Comparator.comparing((Job j) -> j.createdAt).thenComparing(j -> j.id));
            return running.stream().map(j -> j.id).toList();
        });
    }

    @Override
    public Mono<ChunkTask> take(String id) {
        return Mono.fromSupplier(() -> {
            Job job = live(id);
            if (job == null) {
                return null;
            }
            synchronized (job) {
                if (!job.committed || job.state.ended() || job.queue.isEmpty()) {
                    return null;
                }
                int chunk = job.queue.poll();
                if (job.state == JobState.QUEUED) {
                    job.state = JobState.RUNNING;
                    job.startedAt = clock.instant();
                }
                return new ChunkTask(id, job.owner, chunk, chunk * job.chunkSize, job.inputs.get(chunk), false,
                        "memory");
            }
        });
    }

    @Override
    public Mono<Boolean> keepAlive(ChunkTask task, int answered) {
        return Mono.fromSupplier(() -> {
            Job job = live(task.jobId());
            if (job == null) {
                return false;
            }
            synchronized (job) {
                if (job.state.ended()) {
                    return false;
                }
                job.progress.put(task.chunk(), answered);
                return true;
            }
        });
    }

    @Override
    public Mono<Void> complete(ChunkTask task, ChunkLookup.Result result) {
        return Mono.fromRunnable(() -> {
            Job job = live(task.jobId());
            if (job == null) {
                return;
            }
            synchronized (job) {
                job.progress.remove(task.chunk());
                if (job.results[task.chunk()] != null) {
                    return;
                }
                job.results[task.chunk()] = result.lines();
                job.inputs.set(task.chunk(), null); // the input goes once its results are stored
                job.doneChunks++;
                job.completed += result.entries();
                job.cards += result.cards();
                job.cacheHits += result.cacheHits();
                job.upstreamCalls += result.upstreamCalls();
                job.stale += result.stale();
                result.errors().forEach((code, n) -> job.errors.merge(code, n, Integer::sum));
                if (job.doneChunks == job.chunks && !job.state.ended()) {
                    job.end(JobState.DONE, clock.instant(), null);
                }
            }
        });
    }

    @Override
    public Mono<Void> fail(String id, String reason) {
        return Mono.fromRunnable(() -> {
            Job job = live(id);
            if (job != null) {
                synchronized (job) {
                    if (!job.state.ended()) {
                        job.queue.clear();
                        job.end(JobState.FAILED, clock.instant(), reason);
                    }
                }
            }
        });
    }

    @Override
    public void sweep() {
        for (String id : List.copyOf(jobs.keySet())) {
            live(id);
        }
        idempotency.values().removeIf(id -> !jobs.containsKey(id));
    }

    /** The job unless it is past its retention (then it goes, results and all). */
    private Job live(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return null;
        }
        Instant now = clock.instant();
        boolean expired;
        synchronized (job) {
            Instant since = job.finishedAt != null ? job.finishedAt : job.committed ? null : job.createdAt;
            expired = since != null && !now.isBefore(since.plus(retention));
        }
        if (expired) {
            jobs.remove(id, job);
            if (job.idempotencyName != null) {
                idempotency.remove(job.idempotencyName, id);
            }
            return null;
        }
        return job;
    }

    private static String idempotencyName(String owner, String key) {
        return owner + '\n' + key;
    }

    /** One job; guarded by its own monitor. */
    private static final class Job {

        final String id;
        final String owner;
        final int chunkSize;
        final Instant createdAt;
        final List<long[]> inputs = new ArrayList<>();
        final ArrayDeque<Integer> queue = new ArrayDeque<>();
        final Map<Integer, Integer> progress = new HashMap<>();
        final Map<String, Integer> errors = new TreeMap<>();
        volatile String idempotencyName;
        boolean committed;
        JobState state = JobState.QUEUED;
        int total;
        int chunks;
        byte[][] results;
        int doneChunks;
        int completed;
        int cards;
        int cacheHits;
        int upstreamCalls;
        int stale;
        Instant startedAt;
        Instant finishedAt;
        String reason;

        Job(String id, String owner, int chunkSize, Instant createdAt) {
            this.id = id;
            this.owner = owner;
            this.chunkSize = chunkSize;
            this.createdAt = createdAt;
        }

        void end(JobState ended, Instant at, String why) {
            state = ended;
            finishedAt = at;
            reason = why;
            if (startedAt == null && ended == JobState.DONE) {
                startedAt = at;
            }
        }

        JobSnapshot snapshot() {
            int inProgress = 0;
            for (int answered : progress.values()) {
                inProgress += answered;
            }
            return new JobSnapshot(id, owner, state, total, chunkSize, chunks, completed, inProgress, doneChunks, cards,
                    cacheHits, upstreamCalls, stale, Map.copyOf(errors), createdAt, startedAt, finishedAt, reason);
        }
    }
}
