package konagw.gateway.inquiry;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facade's request shape, {@code {"<field>": …}}, read with the streaming parser: not an object, malformed
 * JSON, trailing content or a repeated field → {@code 000_002}; other fields are skipped. The field's value is
 * handed to a {@link ValueReader}; a missing or null field reads as {@code null}, for the caller to refuse.
 */
public final class SingleFieldJson {

    /** Reads the field's value, the parser standing on its first token (never {@code VALUE_NULL}). */
    @FunctionalInterface
    public interface ValueReader<T> {
        T read(JsonParser parser, JsonToken first);
    }

    private SingleFieldJson() {
    }

    public static <T> T read(JsonMapper json, byte[] body, String field, ValueReader<T> reader) {
        T result = null;
        boolean seen = false;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("Request body must be a JSON object.");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (seen) {
                    throw invalid(field + " must appear once.");
                }
                seen = true;
                if (value != JsonToken.VALUE_NULL) {
                    result = reader.read(parser, value);
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw invalid("Request body is not valid JSON.");
            }
        } catch (JacksonException e) {
            throw invalid("Request body is not valid JSON.");
        }
        return result;
    }

    public static GatewayProblemException invalid(String detail) {
        return new GatewayProblemException(KonaCode.INVALID_INPUT, detail);
    }
}
