package konagw.gateway.batch;

import java.nio.ByteBuffer;

/** A format whose results leave in input order: answers wait in an {@link InputOrder} until their turn. */
abstract class InputOrderWriter extends BatchResultWriter implements InputOrder.Sink {

    private final InputOrder order;

    InputOrderWriter(BatchPlan plan, int indexOffset, long startNanos) {
        super(plan, indexOffset, startNanos);
        this.order = new InputOrder(plan);
    }

    /** What comes before the first result. */
    abstract void opening(ByteOut out);

    @Override
    final ByteBuffer open() {
        ByteOut out = new ByteOut(256);
        opening(out);
        order.drain(out, this);
        return out.buffer();
    }

    @Override
    final void accept(ByteOut out, Resolved resolved) {
        order.hold(resolved);
    }

    @Override
    final void flush(ByteOut out) {
        order.drain(out, this);
    }
}
