package konagw.gateway.inquiry;

import konagw.core.card.CardNumber;
import konagw.core.card.InvalidCardNumberException;
import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {"cardNo":"…"}} with the streaming parser: the facade's hot path needs no tree.
 * Missing (or null) → {@code 000_003}; wrong type, not 16 digits, malformed JSON, a repeated
 * {@code cardNo} → {@code 000_002}. Messages never echo the input.
 */
public final class CardNoReader {

    static final String FIELD = "cardNo";

    private final JsonMapper json;

    public CardNoReader(JsonMapper json) {
        this.json = json;
    }

    public CardNumber read(byte[] body) {
        String cardNo = null;
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
                    throw invalid("cardNo must appear once.");
                }
                seen = true;
                if (value == JsonToken.VALUE_STRING) {
                    cardNo = parser.getString();
                } else if (value != JsonToken.VALUE_NULL) {
                    throw invalid("cardNo must be a string.");
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw invalid("Request body is not valid JSON.");
            }
        } catch (JacksonException e) {
            throw invalid("Request body is not valid JSON.");
        }
        return parse(cardNo);
    }

    /** Validates one card number as the facade does (the batch shares the rule). */
    public static CardNumber parse(String cardNo) {
        if (cardNo == null) {
            throw new GatewayProblemException(KonaCode.MISSING_REQUIRED, "cardNo is required.");
        }
        try {
            return CardNumber.parse(cardNo);
        } catch (InvalidCardNumberException e) {
            throw invalid("cardNo must be exactly 16 ASCII digits.");
        }
    }

    private static GatewayProblemException invalid(String detail) {
        return new GatewayProblemException(KonaCode.INVALID_INPUT, detail);
    }
}
