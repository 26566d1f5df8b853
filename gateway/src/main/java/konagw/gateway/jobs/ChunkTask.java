package konagw.gateway.jobs;

/**
 * A chunk a replica took to work on.
 *
 * @param owner     the client that submitted the job
 * @param entries   the chunk's entries, encoded ({@link konagw.gateway.batch.ChunkLookup#encode})
 * @param reclaimed taken over from a replica that stopped working on it
 * @param handle    the engine's reference to the delivery (a stream entry id)
 */
record ChunkTask(String jobId, String owner, int chunk, int firstIndex, long[] entries, boolean reclaimed,
        String handle) {
}
