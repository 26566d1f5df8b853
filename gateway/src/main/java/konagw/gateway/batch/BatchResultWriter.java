package konagw.gateway.batch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import konagw.core.protocol.KonaCode;

/**
 * Turns the answers of one batch into response bytes as they arrive, one small serialization per result
 * ({@link ResultEncoder}) and no document tree; the formats are {@link NdjsonWriter}, and in input order
 * ({@link InputOrderWriter}) {@link JsonArrayWriter} and a job chunk's {@link ChunkLinesWriter}. This class sees that each distinct card is written once, that none
 * is left without a result, and keeps the summary's counts ({@link BatchTally}).
 * Calls must not overlap (a reactive pipeline's signals never do).
 */
abstract class BatchResultWriter {

    static final String INTERNAL_ERROR_CODE = KonaCode.INTERNAL_ERROR.code();
    static final String INTERNAL_ERROR_MESSAGE = KonaCode.INTERNAL_ERROR.message();

    final BatchPlan plan;
    final long startNanos;
    final BatchTally tally = new BatchTally();
    private final ResultEncoder encoder;
    /** Distinct cards answered so far. */
    private final BitSet answered;

    BatchResultWriter(BatchPlan plan, int indexOffset, long startNanos) {
        this.plan = plan;
        this.startNanos = startNanos;
        this.encoder = new ResultEncoder(indexOffset);
        this.answered = new BitSet(plan.uniqueCount());
    }

    /** A batch response: NDJSON, or a JSON object with the results in input order. */
    static BatchResultWriter of(BatchPlan plan, boolean ndjson, long startNanos) {
        return ndjson ? new NdjsonWriter(plan, startNanos) : new JsonArrayWriter(plan, startNanos);
    }

    /** A job chunk's stored results: NDJSON lines in input order, indices shifted by {@code indexOffset}. */
    static BatchResultWriter lines(BatchPlan plan, int indexOffset) {
        return new ChunkLinesWriter(plan, indexOffset);
    }

    /** The start of the body, with every invalid entry that can already be written. */
    abstract ByteBuffer open();

    /** The end of the body: every card not answered yet gets {@code 900_000}, then the summary if the format has one. */
    abstract ByteBuffer close();

    /** A distinct card's answer, to write now or hold until its turn. */
    abstract void accept(ByteOut out, Resolved resolved);

    /** After a group: whatever the held answers allow to be written. */
    void flush(ByteOut out) {
    }

    /** Bytes for a group of answers; {@code null} when nothing can be written yet (input order). */
    final ByteBuffer write(List<Resolved> group) {
        ByteOut out = new ByteOut(128 * group.size());
        for (Resolved resolved : group) {
            if (answered.get(resolved.unique())) {
                continue;
            }
            answered.set(resolved.unique());
            tally.answered(resolved);
            accept(out, resolved);
        }
        flush(out);
        return out.size() == 0 ? null : out.buffer();
    }

    final void writeResult(ByteOut out, int index, Resolved resolved) {
        tally.written(encoder.result(out, index, resolved));
    }

    final void writeInvalid(ByteOut out, int index, BatchPlan.Invalid invalid) {
        tally.written(encoder.invalid(out, index, invalid));
    }

    /** Every card has been answered by now; should one be missing, its indices still get a result. */
    final void writeMissing(ByteOut out) {
        List<Resolved> missing = new ArrayList<>();
        for (int u = answered.nextClearBit(0); u < plan.uniqueCount(); u = answered.nextClearBit(u + 1)) {
            missing.add(Resolved.failed(u, INTERNAL_ERROR_CODE, INTERNAL_ERROR_MESSAGE));
        }
        if (!missing.isEmpty()) {
            ByteBuffer rest = write(missing);
            if (rest != null) {
                out.write(rest);
            }
        }
    }

    /** The end of a body with a summary: the cards still missing, {@code before}, then the summary object. */
    final ByteOut missingThenSummary(byte[] before) {
        ByteOut out = new ByteOut(256);
        writeMissing(out);
        out.write(before);
        tally.writeSummary(out, plan, startNanos);
        out.write('}');
        return out;
    }

    final int cacheHits() {
        return tally.cacheHits();
    }

    final int upstreamCalls() {
        return tally.upstreamCalls();
    }

    final int stale() {
        return tally.stale();
    }

    final Map<String, Integer> errors() {
        return tally.errors();
    }
}
