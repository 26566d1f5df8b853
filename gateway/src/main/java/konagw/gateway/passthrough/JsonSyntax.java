package konagw.gateway.passthrough;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Whether bytes are one well-formed JSON value, checked by streaming over the tokens (no tree is built, string
 * contents are skipped, not decoded): a passthrough body that is not JSON is refused before it is encrypted and
 * sent, instead of the vendor telling us after the quota and the breaker paid for it.
 */
final class JsonSyntax {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonSyntax() {
    }

    /** One JSON value (object, array or scalar), nothing but whitespace around it. */
    static boolean wellFormed(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
