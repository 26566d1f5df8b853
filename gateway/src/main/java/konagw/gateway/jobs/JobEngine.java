package konagw.gateway.jobs;

import java.util.List;

import konagw.gateway.batch.ChunkLookup;
import reactor.core.publisher.Mono;

/**
 * Where jobs live: their input chunks, their status, their results, and the queue the replicas take chunks from.
 * Two engines: {@link RedisJobEngine} (the deployment's, shared by every replica) and {@link InMemoryJobEngine}
 * (local default, one instance, lost on restart).
 * <p>A submission is {@link #begin}, {@link #addChunk} per chunk as the body is read, then {@link #commit} (or
 * {@link #discard} when the body turns out bad): nothing of it runs before the commit.
 */
interface JobEngine {

    /** {@code redis} or {@code in-memory}: for logs and metrics. */
    String kind();

    /** The job this client created under this idempotency key within the retention, if any. */
    Mono<String> idempotent(String owner, String idempotencyKey);

    Mono<Void> begin(String id, String owner, int chunkSize);

    Mono<Void> addChunk(String id, int chunk, long[] entries);

    /**
     * Makes a received job runnable. With an idempotency key another submission of the same client may have
     * committed first: then this one is discarded and that job's id returned.
     */
    Mono<String> commit(String id, String owner, int total, int chunks, String idempotencyKey);

    /** Forgets a job that was being received. */
    Mono<Void> discard(String id);

    /** The job, or empty when unknown or expired. */
    Mono<JobSnapshot> snapshot(String id);

    /** A stored chunk's NDJSON lines, or empty when not (yet) stored. */
    Mono<byte[]> results(String id, int chunk);

    /** Cancels a job that has not ended; the snapshot after, or empty when unknown. */
    Mono<JobSnapshot> cancel(String id);

    /** Jobs with chunks to run (queued or running), oldest first. */
    Mono<List<String>> runnable();

    /** The next chunk of a job for this replica: one not yet taken, or one a lost replica left; else empty. */
    Mono<ChunkTask> take(String id);

    /**
     * A sign of life of a running chunk, with its progress (entries answered); false when the chunk should stop
     * (its job was cancelled, failed, or is gone).
     */
    Mono<Boolean> keepAlive(ChunkTask task, int answered);

    /** Stores a chunk's results once (a second result for it, from a redo, is dropped); ends the job with its last. */
    Mono<Void> complete(ChunkTask task, ChunkLookup.Result result);

    /** Ends a job that cannot finish. */
    Mono<Void> fail(String id, String reason);

    /** Drops what is past its retention (engines without expiry of their own). */
    default void sweep() {
    }
}
