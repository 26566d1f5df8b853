package konagw.gateway.hygiene;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes a raw request path the way an upstream server (or a proxy in between) may read it: dot segments
 * ({@code .}, {@code ..}, also percent-encoded as {@code %2e%2e}) resolved, empty segments ({@code //}) dropped.
 * Spring's path patterns match {@code /api/../actuator/env} against {@code /api/**}, and the gateway forwards the
 * path as it came, so without this a caller could reach any vendor path outside {@code /api/} with our
 * credentials. A path that needs no change is returned as it is (the common case, found by one scan).
 * <p>
 * Refused outright: path parameters ({@code ;}: Spring matches {@code inquiry;x} as {@code inquiry}, some servers
 * read {@code ..;} as {@code ..}), backslashes and percent-encoded slashes or backslashes (read as separators by
 * some servers), malformed percent-encoding, a {@code ..} above the root, and any changed path that does not stay
 * under {@code /api/}.
 */
final class RequestPaths {

    static final String API_PREFIX = "/api/";

    /** The path to serve, or why the request is refused (exactly one is set). */
    record Verdict(String path, String refusal) {

        static Verdict serve(String path) {
            return new Verdict(path, null);
        }

        static Verdict refuse(String reason) {
            return new Verdict(null, reason);
        }

        boolean refused() {
            return refusal != null;
        }
    }

    private RequestPaths() {
    }

    static Verdict check(String raw) {
        if (!needsAttention(raw)) {
            return Verdict.serve(raw);
        }
        if (raw.indexOf(';') >= 0 || raw.indexOf('\\') >= 0) {
            return Verdict.refuse("Path parameters (;) and backslashes are not accepted in a path.");
        }
        String[] parts = raw.split("/", -1);
        List<String> kept = new ArrayList<>(parts.length);
        for (int i = 1; i < parts.length; i++) {
            String segment = parts[i];
            if (segment.isEmpty()) {
                continue;
            }
            String decoded = decode(segment);
            if (decoded == null) {
                return Verdict.refuse("The path has malformed percent-encoding.");
            }
            if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0 || decoded.indexOf(';') >= 0) {
                return Verdict.refuse("Encoded separators are not accepted in a path.");
            }
            if (decoded.equals(".")) {
                continue;
            }
            if (decoded.equals("..")) {
                if (kept.isEmpty()) {
                    return Verdict.refuse("The path leaves /api/ once normalized.");
                }
                kept.remove(kept.size() - 1);
                continue;
            }
            kept.add(segment);
        }
        String normalized = "/" + String.join("/", kept)
                + (raw.endsWith("/") && !kept.isEmpty() ? "/" : "");
        if (normalized.equals(raw)) {
            return Verdict.serve(raw);
        }
        return normalized.startsWith(API_PREFIX) ? Verdict.serve(normalized)
                : Verdict.refuse("The path leaves /api/ once normalized.");
    }

    /** Whether the path may hold a dot segment, an empty segment, an encoding or a path parameter. */
    static boolean needsAttention(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == ';' || c == '\\') {
                return true;
            }
            if (c == '/' && i + 1 < raw.length() && (raw.charAt(i + 1) == '/' || raw.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    /** Strict percent-decoding as UTF-8; null when an escape or the bytes are malformed. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    return null;
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
