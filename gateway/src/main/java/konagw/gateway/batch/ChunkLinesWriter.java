package konagw.gateway.batch;

import java.nio.ByteBuffer;

/**
 * A job chunk's stored results: one NDJSON line per index in input order ({@link InputOrder}), each index shifted
 * by the chunk's first index in its job, without an opening or a summary (the job keeps its own).
 */
final class ChunkLinesWriter extends BatchResultWriter implements InputOrder.Sink {

    private final InputOrder order;

    ChunkLinesWriter(BatchPlan plan, int indexOffset) {
        super(plan, indexOffset, System.nanoTime());
        this.order = new InputOrder(plan);
    }

    @Override
    ByteBuffer open() {
        ByteOut out = new ByteOut(256);
        order.drain(out, this);
        return out.buffer();
    }

    @Override
    void accept(ByteOut out, Resolved resolved) {
        order.hold(resolved);
    }

    @Override
    void flush(ByteOut out) {
        order.drain(out, this);
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
