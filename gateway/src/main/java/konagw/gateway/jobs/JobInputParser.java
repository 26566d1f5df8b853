package konagw.gateway.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import konagw.core.protocol.KonaCode;
import konagw.gateway.batch.ChunkLookup;
import konagw.gateway.problem.GatewayProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a job submission as its bytes arrive, with Jackson's non-blocking parser, into chunks of encoded entries: no
 * tree and no whole body in memory, only the chunk being filled. Two shapes:
 * <ul>
 * <li>JSON, {@code {"cardNos":["…", …]}}, with the batch's rules: not an object, malformed or truncated JSON,
 * {@code cardNos} not an array or repeated → {@code 000_002}; {@code cardNos} missing or null → {@code 000_003};
 * other fields are skipped;</li>
 * <li>NDJSON, one {@code {"cardNo":"…"}} per line: a line that is not a JSON object → {@code 000_002}; a missing,
 * null or malformed {@code cardNo} is that entry's error, as in a batch.</li>
 * </ul>
 * More than {@code maxSize} entries → {@code 900_006}, as soon as the next one is seen. Not thread-safe: one body's
 * buffers arrive one after another.
 */
final class JobInputParser {

    static final String FIELD = "cardNos";
    static final String LINE_FIELD = "cardNo";

    enum Format { JSON, NDJSON }

    private enum State {
        /** JSON: before the object; NDJSON: between lines. */
        ROOT,
        FIELDS, CARD_NOS_VALUE, ENTRIES, AFTER,
        LINE, LINE_VALUE,
        SKIP
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final Format format;
    private final int chunkSize;
    private final int maxSize;
    private State state = State.ROOT;
    private State afterSkip;
    private int depth;
    private boolean cardNosSeen;
    private boolean cardNosPresent;
    private long lineEntry;
    private boolean lineFieldSeen;
    private long[] chunk;
    private int filled;
    private int total;
    private List<long[]> ready = new ArrayList<>();

    JobInputParser(JsonMapper json, Format format, int chunkSize, int maxSize) {
        this.parser = json.createNonBlockingByteArrayParser();
        this.feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
        this.format = format;
        this.chunkSize = chunkSize;
        this.maxSize = maxSize;
        this.chunk = new long[chunkSize];
    }

    /** Feeds the next bytes; the chunks they completed (usually none, or one). */
    List<long[]> feed(byte[] bytes, int offset, int length) {
        try {
            feeder.feedInput(bytes, offset, offset + length); // start and end, not a length
            drain();
        } catch (JacksonException e) {
            throw invalid("Request body is not valid JSON.");
        }
        return takeReady();
    }

    /** The end of the body: the shape is checked, and the last chunk (possibly short) returned if it holds any. */
    List<long[]> finish() {
        try {
            feeder.endOfInput();
            drain();
        } catch (JacksonException e) {
            throw invalid("Request body is not valid JSON.");
        }
        if (format == Format.JSON) {
            if (state != State.AFTER) {
                throw invalid(state == State.ROOT ? "Request body must be a JSON object." : "Request body is not valid JSON.");
            }
            if (!cardNosPresent) {
                throw new GatewayProblemException(KonaCode.MISSING_REQUIRED, "cardNos is required.");
            }
        } else if (state != State.ROOT) {
            throw invalid("Request body is not valid NDJSON: the last line is incomplete.");
        }
        if (filled > 0) {
            ready.add(Arrays.copyOf(chunk, filled));
            filled = 0;
        }
        return takeReady();
    }

    /** Entries read so far. */
    int total() {
        return total;
    }

    private List<long[]> takeReady() {
        if (ready.isEmpty()) {
            return List.of();
        }
        List<long[]> out = ready;
        ready = new ArrayList<>(1);
        return out;
    }

    private void drain() {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            accept(token);
        }
    }

    private void accept(JsonToken token) {
        switch (state) {
            case SKIP -> skip(token);
            case ROOT -> {
                if (token != JsonToken.START_OBJECT) {
                    throw invalid(format == Format.JSON ? "Request body must be a JSON object."
                            : "Each line must be a JSON object {\"cardNo\":…}.");
                }
                if (format == Format.JSON) {
                    state = State.FIELDS;
                } else {
                    state = State.LINE;
                    lineEntry = ChunkLookup.encode(null);
                    lineFieldSeen = false;
                }
            }
            case FIELDS -> {
                if (token == JsonToken.END_OBJECT) {
                    state = State.AFTER;
                } else if (FIELD.equals(parser.currentName())) {
                    if (cardNosSeen) {
                        throw invalid("cardNos must appear once.");
                    }
                    cardNosSeen = true;
                    state = State.CARD_NOS_VALUE;
                } else {
                    startSkip(State.FIELDS);
                }
            }
            case CARD_NOS_VALUE -> {
                if (token == JsonToken.START_ARRAY) {
                    cardNosPresent = true;
                    state = State.ENTRIES;
                } else if (token == JsonToken.VALUE_NULL) {
                    state = State.FIELDS;
                } else {
                    throw invalid("cardNos must be an array of card numbers.");
                }
            }
            case ENTRIES -> {
                switch (token) {
                    case END_ARRAY -> state = State.FIELDS;
                    case VALUE_STRING -> add(ChunkLookup.encode(parser.getString()));
                    case VALUE_NULL -> add(ChunkLookup.encode(null));
                    case START_OBJECT, START_ARRAY -> {
                        add(ChunkLookup.notAString());
                        depth = 1;
                        afterSkip = State.ENTRIES;
                        state = State.SKIP;
                    }
                    default -> add(ChunkLookup.notAString());
                }
            }
            case AFTER -> throw invalid("Request body is not valid JSON.");
            case LINE -> {
                if (token == JsonToken.END_OBJECT) {
                    add(lineEntry);
                    state = State.ROOT;
                } else if (LINE_FIELD.equals(parser.currentName())) {
                    if (lineFieldSeen) {
                        lineEntry = ChunkLookup.encode("");
                    }
                    state = State.LINE_VALUE;
                } else {
                    startSkip(State.LINE);
                }
            }
            case LINE_VALUE -> {
                boolean repeated = lineFieldSeen;
                lineFieldSeen = true;
                long entry = switch (token) {
                    case VALUE_STRING -> ChunkLookup.encode(parser.getString());
                    case VALUE_NULL -> ChunkLookup.encode(null);
                    default -> ChunkLookup.notAString();
                };
                lineEntry = repeated ? ChunkLookup.encode("") : entry; // a repeated cardNo: malformed
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth = 1;
                    afterSkip = State.LINE;
                    state = State.SKIP;
                } else {
                    state = State.LINE;
                }
            }
        }
    }

    /** The next token is a field's value, to be skipped whole. */
    private void startSkip(State back) {
        afterSkip = back;
        depth = 0;
        state = State.SKIP;
    }

    private void skip(JsonToken token) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
            depth--;
        }
        if (depth == 0) {
            state = afterSkip;
        }
    }

    private void add(long entry) {
        if (total == maxSize) {
            throw new GatewayProblemException(KonaCode.PAYLOAD_TOO_LARGE,
                    "A job holds at most " + maxSize + " card numbers.");
        }
        total++;
        chunk[filled++] = entry;
        if (filled == chunkSize) {
            ready.add(chunk);
            chunk = new long[chunkSize];
            filled = 0;
        }
    }

    private static GatewayProblemException invalid(String detail) {
        return new GatewayProblemException(KonaCode.INVALID_INPUT, detail);
    }
}
