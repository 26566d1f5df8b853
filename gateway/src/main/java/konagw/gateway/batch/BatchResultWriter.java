package konagw.gateway.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import konagw.core.inquiry.VendorError;
import konagw.core.protocol.KonaCode;
import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.inquiry.LookupResult;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Turns the answers of one batch into response bytes as they arrive, one small serialization per result
 * and no document tree.
 * <ul>
 * <li>NDJSON: every answer is written at once, one line per input index that named the card; the summary
 * is the last line, {@code {"summary":{…}}}.</li>
 * <li>JSON: {@code {"results":[…],"summary":{…}}} with the results in input order: an answer waits here
 * only until every earlier index has been written, and is dropped once its last index is.</li>
 * </ul>
 * Calls must not overlap (a reactive pipeline's signals never do). A result is
 * {@code {"index":i,"source":…,"accountNo":…,"bankCode":…,"connectType":…,"status":…}} or
 * {@code {"index":i[,"source":…],"error":{"code":…,"message":…}}}; {@code source} is present when a
 * lookup answered (an account, or a vendor code such as {@code 003_029}, from CACHE, UPSTREAM or STALE).
 */
final class BatchResultWriter {

    static final String INTERNAL_ERROR_CODE = KonaCode.INTERNAL_ERROR.code();
    static final String INTERNAL_ERROR_MESSAGE = KonaCode.INTERNAL_ERROR.message();

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] INDEX = ascii("{\"index\":");
    private static final byte[] SOURCE = ascii(",\"source\":\"");
    private static final byte[] ACCOUNT_NO = ascii(",\"accountNo\":");
    private static final byte[] BANK_CODE = ascii(",\"bankCode\":");
    private static final byte[] CONNECT_TYPE = ascii(",\"connectType\":");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] ERROR_CODE = ascii(",\"error\":{\"code\":");
    private static final byte[] ERROR_MESSAGE = ascii(",\"message\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] JSON_OPEN = ascii("{\"results\":[");
    private static final byte[] JSON_SUMMARY = ascii("],\"summary\":");
    private static final byte[] NDJSON_SUMMARY = ascii("{\"summary\":");

    private final BatchPlan plan;
    private final boolean ndjson;
    /** Input order, one line per index, no opening and no summary: a job chunk's stored results. */
    private final boolean lines;
    /** Added to every index written: a job chunk's first index in its job. */
    private final int indexOffset;
    private final long startNanos;
    /** JSON mode: the answer of each distinct card, until its last index is written. */
    private final Resolved[] pending;
    /** JSON mode: the next index to write. */
    private int next;
    /** Distinct cards answered so far: each is written once, and none is left without a result. */
    private final BitSet answered;

    private int cacheHits;
    private int upstreamCalls;
    private int stale;
    private final Map<String, Integer> errors = new TreeMap<>();

    BatchResultWriter(BatchPlan plan, boolean ndjson, long startNanos) {
        this(plan, ndjson, false, 0, startNanos);
    }

    private BatchResultWriter(BatchPlan plan, boolean ndjson, boolean lines, int indexOffset, long startNanos) {
        this.plan = plan;
        this.ndjson = ndjson;
        this.lines = lines;
        this.indexOffset = indexOffset;
        this.startNanos = startNanos;
        this.pending = ndjson ? null : new Resolved[plan.uniqueCount()];
        this.answered = new BitSet(plan.uniqueCount());
    }

    /**
     * A writer of NDJSON lines in input order, each index shifted by {@code indexOffset}, without an opening or a
     * summary: {@link #open()} and {@link #write} give the lines as the order allows, {@link #closeLines()} the rest.
     */
    static BatchResultWriter lines(BatchPlan plan, int indexOffset) {
        return new BatchResultWriter(plan, false, true, indexOffset, System.nanoTime());
    }

    /** The start of the body: the JSON opening, and every invalid entry that can already be written. */
    ByteBuffer open() {
        Out out = new Out(256);
        if (ndjson) {
            for (int i = 0; i < plan.size(); i++) {
                BatchPlan.Invalid invalid = plan.invalid(i);
                if (invalid != null) {
                    writeError(out, i, null, invalid.code().code(), invalid.message());
                    out.write('\n');
                }
            }
        } else {
            if (!lines) {
                out.write(JSON_OPEN);
            }
            drain(out);
        }
        return out.buffer();
    }

    /** Bytes for a group of answers; {@code null} when nothing can be written yet (JSON order). */
    ByteBuffer write(List<Resolved> group) {
        Out out = new Out(128 * group.size());
        for (Resolved resolved : group) {
            if (answered.get(resolved.unique())) {
                continue;
            }
            answered.set(resolved.unique());
            count(resolved);
            if (ndjson) {
                for (int i = plan.firstIndex(resolved.unique()); i >= 0; i = plan.nextIndex(i)) {
                    writeResult(out, i, resolved);
                    out.write('\n');
                }
            } else {
                pending[resolved.unique()] = resolved;
            }
        }
        if (!ndjson) {
            drain(out);
        }
        return out.size() == 0 ? null : out.buffer();
    }

    /** Lines mode: the lines not yet written, every card answered ({@code 900_000} for one that was not). */
    ByteBuffer closeLines() {
        Out out = new Out(256);
        writeMissing(out);
        return out.buffer();
    }

    int stale() {
        return stale;
    }

    /** The end of the body, with the summary. */
    ByteBuffer close() {
        Out out = new Out(256);
        writeMissing(out);
        if (!ndjson) {
            out.write(JSON_SUMMARY);
            writeSummary(out);
            out.write('}');
        } else {
            out.write(NDJSON_SUMMARY);
            writeSummary(out);
            out.write('}');
            out.write('\n');
        }
        return out.buffer();
    }

    private void writeMissing(Out out) {
        // every card has been answered by now; should one be missing, its indices still get a result
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

    int cacheHits() {
        return cacheHits;
    }

    int upstreamCalls() {
        return upstreamCalls;
    }

    Map<String, Integer> errors() {
        return errors;
    }

    private void drain(Out out) {
        while (next < plan.size()) {
            BatchPlan.Invalid invalid = plan.invalid(next);
            if (invalid != null) {
                comma(out);
                writeError(out, next, null, invalid.code().code(), invalid.message());
                endLine(out);
            } else {
                int unique = plan.uniqueOf(next);
                Resolved resolved = pending[unique];
                if (resolved == null) {
                    return;
                }
                comma(out);
                writeResult(out, next, resolved);
                endLine(out);
                if (plan.lastIndex(unique) == next) {
                    pending[unique] = null;
                }
            }
            next++;
        }
    }

    private void endLine(Out out) {
        if (lines) {
            out.write('\n');
        }
    }

    private void comma(Out out) {
        if (next > 0 && !lines) {
            out.write(',');
        }
    }

    private void count(Resolved resolved) {
        LookupResult result = resolved.result();
        if (result == null) {
            if (resolved.reachedUpstream()) {
                upstreamCalls++;
            }
            return;
        }
        switch (result.source()) {
            case CACHE -> cacheHits++;
            case UPSTREAM -> upstreamCalls++;
            case STALE -> {
                stale++;
                upstreamCalls++;
            }
        }
    }

    private void writeResult(Out out, int index, Resolved resolved) {
        LookupResult result = resolved.result();
        if (result == null) {
            writeError(out, index, null, resolved.errorCode(), resolved.errorMessage());
        } else if (!result.found()) {
            VendorError error = result.vendorError();
            writeError(out, index, result.source().name(), error.code(), error.message());
        } else {
            VirtualAccount account = result.account();
            out.write(INDEX);
            out.writeLong((long) index + indexOffset);
            out.write(SOURCE);
            out.writeAscii(result.source().name());
            out.write('"');
            out.write(ACCOUNT_NO);
            out.writeString(account.accountNo());
            out.write(BANK_CODE);
            out.writeString(account.bankCode());
            out.write(CONNECT_TYPE);
            out.writeString(account.connectType());
            out.write(STATUS);
            out.writeString(account.status());
            out.write('}');
        }
    }

    private void writeError(Out out, int index, String source, String code, String message) {
        errors.merge(code, 1, Integer::sum);
        out.write(INDEX);
        out.writeLong((long) index + indexOffset);
        if (source != null) {
            out.write(SOURCE);
            out.writeAscii(source);
            out.write('"');
        }
        out.write(ERROR_CODE);
        out.writeString(code);
        out.write(ERROR_MESSAGE);
        out.writeString(message);
        out.write('}');
        out.write('}');
    }

    private void writeSummary(Out out) {
        out.writeAscii("{\"total\":");
        out.writeInt(plan.size());
        out.writeAscii(",\"cards\":");
        out.writeInt(plan.uniqueCount());
        out.writeAscii(",\"cacheHits\":");
        out.writeInt(cacheHits);
        out.writeAscii(",\"upstreamCalls\":");
        out.writeInt(upstreamCalls);
        out.writeAscii(",\"stale\":");
        out.writeInt(stale);
        out.writeAscii(",\"errors\":{");
        boolean first = true;
        for (Map.Entry<String, Integer> error : errors.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeString(error.getKey());
            out.write(':');
            out.writeInt(error.getValue());
        }
        out.writeAscii("},\"elapsedMs\":");
        out.writeLong((System.nanoTime() - startNanos) / 1_000_000);
        out.write('}');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growable byte array; its buffer is handed out once, without a copy. */
    private static final class Out {

        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes, 0, size);
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(ByteBuffer b) {
            int n = b.remaining();
            ensure(n);
            b.get(bytes, size, n);
            size += n;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        /** For text known to be ASCII and free of characters JSON escapes (names, codes, enum names). */
        void writeAscii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
        }

        /** A JSON string value, quoted and escaped; {@code null} as {@code null}. */
        void writeString(String s) {
            if (s == null) {
                write(NULL);
                return;
            }
            write('"');
            if (plainAscii(s)) {
                writeAscii(s); // the usual case: digits, codes, enum names
            } else {
                write(ENCODER.quoteAsUTF8(s));
            }
            write('"');
        }

        private static boolean plainAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        void writeInt(int v) {
            writeLong(v);
        }

        void writeLong(long v) {
            if (v >= 0 && v < 10) {
                write('0' + (int) v);
            } else {
                writeAscii(Long.toString(v));
            }
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }
    }
}
