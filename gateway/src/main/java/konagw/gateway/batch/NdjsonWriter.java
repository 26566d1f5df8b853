package konagw.gateway.batch;

import java.nio.ByteBuffer;

/**
 * NDJSON: every answer is written at once, one line per input index that named the card; the summary is the last
 * line, {@code {"summary":{…}}}.
 */
final class NdjsonWriter extends BatchResultWriter {

    private static final byte[] SUMMARY = ByteOut.ascii("{\"summary\":");

    NdjsonWriter(BatchPlan plan, long startNanos) {
        super(plan, 0, startNanos);
    }

    @Override
    ByteBuffer open() {
        ByteOut out = new ByteOut(256);
        for (int i = 0; i < plan.size(); i++) {
            BatchPlan.Invalid invalid = plan.invalid(i);
            if (invalid != null) {
                writeInvalid(out, i, invalid);
                out.write('\n');
            }
        }
        return out.buffer();
    }

    @Override
    void accept(ByteOut out, Resolved resolved) {
        for (int i = plan.firstIndex(resolved.unique()); i >= 0; i = plan.nextIndex(i)) {
            writeResult(out, i, resolved);
            out.write('\n');
        }
    }

    @Override
    ByteBuffer close() {
        ByteOut out = missingThenSummary(SUMMARY);
        out.write('\n');
        return out.buffer();
    }
}
