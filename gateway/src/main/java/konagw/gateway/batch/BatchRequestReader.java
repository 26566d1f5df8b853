package konagw.gateway.batch;

import konagw.core.protocol.KonaCode;
import konagw.gateway.inquiry.SingleFieldJson;
import konagw.gateway.problem.GatewayProblemException;
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

    private static final int ENTRY_BYTES = 19;

    private final JsonMapper json;
    private final int maxSize;

    BatchRequestReader(JsonMapper json, int maxSize) {
        this.json = json;
        this.maxSize = maxSize;
    }

    BatchPlan read(byte[] body) {
        // sized for the body's entries ("9410000000000001", is 19 bytes): no regrowing on the way
        int expected = Math.min(maxSize, body.length / ENTRY_BYTES + 1);
        BatchPlan.Builder plan = SingleFieldJson.read(json, body, FIELD, (parser, value) -> {
            if (value != JsonToken.START_ARRAY) {
                throw invalid("cardNos must be an array of card numbers.");
            }
            return readEntries(parser, expected);
        });
        if (plan == null) {
            throw new GatewayProblemException(KonaCode.MISSING_REQUIRED, "cardNos is required.");
        }
        return plan.build();
    }

    private BatchPlan.Builder readEntries(JsonParser parser, int expected) {
        BatchPlan.Builder plan = BatchPlan.builder(expected);
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
                case VALUE_STRING -> {
                    // a valid card straight from the parser's characters; anything else through the facade's rule
                    long number = BatchPlan.cardNumber(parser.getStringCharacters(), parser.getStringOffset(),
                            parser.getStringLength());
                    if (number >= 0) {
                        plan.addNumber(number);
                    } else {
                        plan.add(parser.getString());
                    }
                }
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
