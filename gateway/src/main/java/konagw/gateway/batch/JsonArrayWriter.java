package konagw.gateway.batch;

import java.nio.ByteBuffer;

/** JSON: {@code {"results":[…],"summary":{…}}}, the results in input order ({@link InputOrder}). */
final class JsonArrayWriter extends BatchResultWriter implements InputOrder.Sink {

    private static final byte[] OPEN = ByteOut.ascii("{\"results\":[");
    private static final byte[] SUMMARY = ByteOut.ascii("],\"summary\":");

    private final InputOrder order;

    JsonArrayWriter(BatchPlan plan, long startNanos) {
        super(plan, 0, startNanos);
        this.order = new InputOrder(plan);
    }

    @Override
    ByteBuffer open() {
        ByteOut out = new ByteOut(256);
        out.write(OPEN);
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

    @Override
    ByteBuffer close() {
        ByteOut out = new ByteOut(256);
        writeMissing(out);
        out.write(SUMMARY);
        tally.writeSummary(out, plan, startNanos);
        out.write('}');
        return out.buffer();
    }

    @Override
    public void invalid(ByteOut out, int index, BatchPlan.Invalid invalid) {
        comma(out, index);
        writeInvalid(out, index, invalid);
    }

    @Override
    public void result(ByteOut out, int index, Resolved resolved) {
        comma(out, index);
        writeResult(out, index, resolved);
    }

    private static void comma(ByteOut out, int index) {
        if (index > 0) {
            out.write(',');
        }
    }
}
