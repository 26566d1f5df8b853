package konagw.gateway.batch;

import java.nio.ByteBuffer;

/**
 * A job chunk's stored results: one NDJSON line per index in input order, each index shifted by the chunk's first
 * index in its job, without an opening or a summary (the job keeps its own).
 */
final class ChunkLinesWriter extends InputOrderWriter {

    ChunkLinesWriter(BatchPlan plan, int indexOffset) {
        super(plan, indexOffset, System.nanoTime());
    }

    @Override
    void opening(ByteOut out) {
    }

    /** The lines not yet written, every card answered. */
    @Override
    ByteBuffer close() {
        ByteOut out = new ByteOut(256);
        writeMissing(out);
        return out.buffer();
    }

    @Override
    public void invalid(ByteOut out, int index, BatchPlan.Invalid invalid) {
        writeInvalid(out, index, invalid);
        out.write('\n');
    }

    @Override
    public void result(ByteOut out, int index, Resolved resolved) {
        writeResult(out, index, resolved);
        out.write('\n');
    }
}
