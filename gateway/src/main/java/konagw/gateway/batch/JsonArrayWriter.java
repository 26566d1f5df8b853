package konagw.gateway.batch;

import java.nio.ByteBuffer;

/** JSON: {@code {"results":[…],"summary":{…}}}, the results in input order. */
final class JsonArrayWriter extends InputOrderWriter {

    private static final byte[] OPEN = ByteOut.ascii("{\"results\":[");
    private static final byte[] SUMMARY = ByteOut.ascii("],\"summary\":");

    JsonArrayWriter(BatchPlan plan, long startNanos) {
        super(plan, 0, startNanos);
    }

    @Override
    void opening(ByteOut out) {
        out.write(OPEN);
    }

    @Override
    ByteBuffer close() {
        return missingThenSummary(SUMMARY).buffer();
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
