package konagw.gateway.batch;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {"cardNos":["…", …]}} with the streaming parser straight into a {@link BatchPlan}: no tree,
 * no list of strings. The request fails only for its shape — not an object, malformed JSON, {@code cardNos}
 * not an array or repeated → {@code 000_002}; {@code cardNos} missing or null → {@code 000_003}; more than
 * {@code konagw.batch.max-size} entries → {@code 900_006}, found while reading. A bad entry fails only itself.
 */
final class BatchRequestReader {

    static final String FIELD = "cardNos";

    private final JsonMapper json;
    private final int maxSize;

    BatchRequestReader(JsonMapper json, int maxSize) {
        this.json = json;
        this.maxSize = maxSize;
    }

    BatchPlan read(byte[] body) {
        BatchPlan.Builder plan = null;
        boolean seen = false;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("Request body must be a JSON object.");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!FIELD.equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (seen) {
                    throw invalid("cardNos must appear once.");
                }
                seen = true;
                if (value == JsonToken.START_ARRAY) {
                    plan = readEntries(parser);
                } else if (value != JsonToken.VALUE_NULL) {
                    throw invalid("cardNos must be an array of card numbers.");
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw invalid("Request body is not valid JSON.");
            }
        } catch (JacksonException e) {
            throw invalid("Request body is not valid JSON.");
        }
        if (plan == null) {
            throw new GatewayProblemException(KonaCode.MISSING_REQUIRED, "cardNos is required.");
        }
        return plan.build();
    }

    private BatchPlan.Builder readEntries(JsonParser parser) {
        BatchPlan.Builder plan = BatchPlan.builder();
        JsonToken entry;
        while ((entry = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (entry == null) {
                throw invalid("Request body is not valid JSON.");
            }
            if (plan.size() == maxSize) {
                throw new GatewayProblemException(KonaCode.PAYLOAD_TOO_LARGE,
                        "A batch holds at most " + maxSize + " card numbers.");
            }
            switch (entry) {
                case VALUE_STRING -> plan.add(parser.getString());
                case VALUE_NULL -> plan.add(null);
                default -> {
                    parser.skipChildren();
                    plan.addInvalid(BatchPlan.Invalid.NOT_STRING);
                }
            }
        }
        return plan;
    }

    private static GatewayProblemException invalid(String detail) {
        return new GatewayProblemException(KonaCode.INVALID_INPUT, detail);
    }
}
