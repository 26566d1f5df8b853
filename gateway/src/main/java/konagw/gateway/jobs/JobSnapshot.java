package konagw.gateway.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A job as its engine holds it, at one moment.
 *
 * @param completed  entries whose results are stored
 * @param inProgress entries answered within chunks still running (for the rate; not yet readable)
 * @param cards      distinct cards per chunk, summed over the stored chunks
 * @param doneChunks chunks whose results are stored
 * @param reason     why a {@code FAILED} job could not finish, else {@code null}
 */
record JobSnapshot(String id, String owner, JobState state, int total, int chunkSize, int chunks, int completed,
        int inProgress, int doneChunks, int cards, int cacheHits, int upstreamCalls, int stale,
        Map<String, Integer> errors, Instant createdAt, Instant startedAt, Instant finishedAt, String reason) {

    /** Chunks whose lines can be read in order from the first one: every chunk once DONE. */
    boolean allStored() {
        return doneChunks >= chunks;
    }
}
