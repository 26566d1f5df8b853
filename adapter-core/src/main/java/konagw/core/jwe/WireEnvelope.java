package konagw.core.jwe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * How a compact JWE travels in an HTTP body (PROTOCOL.md §4): either the body is the JWE itself
 * ({@code application/jose}) or a JSON object carries it in one field ({@code application/json}).
 */
public sealed interface WireEnvelope permits WireEnvelope.Compact, WireEnvelope.JsonField {

    String DEFAULT_FIELD = "data";

    static WireEnvelope compact() {
        return Compact.INSTANCE;
    }

    static WireEnvelope jsonField(String field) {
        return new JsonField(field);
    }

    /** {@code compact} | {@code json} (field {@value #DEFAULT_FIELD}) | {@code json:<field>}. */
    static WireEnvelope parse(String config) {
        String value = config == null ? "" : config.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("compact")) {
            return compact();
        }
        if (lower.equals("json")) {
            return jsonField(DEFAULT_FIELD);
        }
        if (lower.startsWith("json:")) {
            return jsonField(value.substring("json:".length()));
        }
        throw new IllegalArgumentException("unsupported wire envelope '" + config
                + "'; expected compact, json or json:<field>");
    }

    String contentType();

    /** The body bytes that carry the JWE. */
    byte[] wrap(String compactJwe);

    /** The compact JWE the body carries, or empty when the body is plain (unencrypted) JSON or text. */
    Optional<String> unwrap(byte[] body);

    /** The body is the compact serialization itself. */
    record Compact() implements WireEnvelope {

        static final Compact INSTANCE = new Compact();

        @Override
        public String contentType() {
            return "application/jose";
        }

        @Override
        public byte[] wrap(String compactJwe) {
            return compactJwe.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Optional<String> unwrap(byte[] body) {
            return Envelopes.compactIn(body);
        }

        @Override
        public String toString() {
            return "compact";
        }
    }

    /** The body is {@code {"<field>":"<compact JWE>"}}. */
    record JsonField(String field) implements WireEnvelope {

        private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

        public JsonField {
            Objects.requireNonNull(field, "field");
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("envelope field name must be 1-64 of [A-Za-z0-9_.-]");
            }
        }

        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public byte[] wrap(String compactJwe) {
            // Field names are restricted and Base64URL plus dots never need JSON escaping.
            return ("{\"" + field + "\":\"" + compactJwe + "\"}").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Optional<String> unwrap(byte[] body) {
            int first = Envelopes.firstNonWhitespace(body);
            if (first < 0 || body[first] != '{') {
                // A bare compact JWE is accepted here too: the peer may answer in the other envelope.
                return Envelopes.compactIn(body);
            }
            JsonNode tree;
            try {
                tree = Envelopes.JSON.readTree(body);
            } catch (JacksonException e) {
                return Optional.empty();
            }
            JsonNode value = tree.get(field);
            return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
        }

        @Override
        public String toString() {
            return "json:" + field;
        }
    }
}
