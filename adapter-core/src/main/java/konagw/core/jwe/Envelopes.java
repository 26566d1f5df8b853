package konagw.core.jwe;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** Byte-level helpers shared by the envelopes: no String copy of the body unless it is a JWE. */
final class Envelopes {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Envelopes() {
    }

    static Optional<String> compactIn(byte[] body) {
        int start = firstNonWhitespace(body);
        if (start < 0 || body[start] == '{') {
            return Optional.empty();
        }
        int end = body.length;
        while (end > start && isWhitespace(body[end - 1])) {
            end--;
        }
        int dots = 0;
        for (int i = start; i < end; i++) {
            if (body[i] == '.') {
                dots++;
            }
        }
        return dots == 4 ? Optional.of(new String(body, start, end - start, StandardCharsets.US_ASCII))
                : Optional.empty();
    }

    static int firstNonWhitespace(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (!isWhitespace(body[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
