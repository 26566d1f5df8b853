package konagw.gateway.inquiry;

import konagw.core.card.CardNumber;
import konagw.core.card.InvalidCardNumberException;
import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
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
        return parse(SingleFieldJson.read(json, body, FIELD, (parser, value) -> {
            if (value != JsonToken.VALUE_STRING) {
                throw invalid("cardNo must be a string.");
            }
            return parser.getString();
        }));
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
        return SingleFieldJson.invalid(detail);
    }
}
