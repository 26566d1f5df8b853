package konagw.gateway.audit;

import java.io.CharArrayWriter;

import konagw.gateway.logging.PanMasking;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;

/**
 * An {@link AuditEvent} as one JSON object, written field by field with Jackson's streaming generator: the document
 * data binding writes for the record (every field, nulls included, in declaration order; {@code time} as ISO-8601),
 * with the property names escaped once. The fields a caller or an operator chooses ({@code clientId},
 * {@code requestId}, {@code path}, {@code correlationId}, {@code job}) are {@link PanMasking masked} as the logs are;
 * the others are the gateway's own values (the card masked already). One instance per writing thread (it reuses its
 * buffer).
 */
public final class AuditJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final SerializableString TIME = name("time");
    private static final SerializableString CLIENT_ID = name("clientId");
    private static final SerializableString API = name("api");
    private static final SerializableString PATH = name("path");
    private static final SerializableString CARD = name("card");
    private static final SerializableString CORRELATION_ID = name("correlationId");
    private static final SerializableString REQUEST_ID = name("requestId");
    private static final SerializableString SOURCE = name("source");
    private static final SerializableString RESULT_CODE = name("resultCode");
    private static final SerializableString STATUS = name("status");
    private static final SerializableString LATENCY_MS = name("latencyMs");
    private static final SerializableString JOB = name("job");
    private static final SerializableString COUNTS = name("counts");
    private static final SerializableString ENTRIES = name("entries");
    private static final SerializableString CARDS = name("cards");
    private static final SerializableString CACHE_HITS = name("cacheHits");
    private static final SerializableString UPSTREAM_CALLS = name("upstreamCalls");
    private static final SerializableString STALE = name("stale");
    private static final SerializableString ERRORS = name("errors");

    private final CharArrayWriter buffer = new CharArrayWriter(512);

    public String write(AuditEvent event) {
        buffer.reset();
        try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
            json.writeStartObject();
            string(json, TIME, event.time() == null ? null : event.time().toString());
            string(json, CLIENT_ID, PanMasking.mask(event.clientId()));
            string(json, API, event.api());
            string(json, PATH, PanMasking.mask(event.path()));
            string(json, CARD, event.card());
            string(json, CORRELATION_ID, PanMasking.mask(event.correlationId()));
            string(json, REQUEST_ID, PanMasking.mask(event.requestId()));
            string(json, SOURCE, event.source());
            string(json, RESULT_CODE, event.resultCode());
            json.writeName(STATUS);
            json.writeNumber(event.status());
            json.writeName(LATENCY_MS);
            json.writeNumber(event.latencyMs());
            string(json, JOB, PanMasking.mask(event.job()));
            json.writeName(COUNTS);
            AuditCounts counts = event.counts();
            if (counts == null) {
                json.writeNull();
            } else {
                json.writeStartObject();
                json.writeName(ENTRIES);
                json.writeNumber(counts.entries());
                number(json, CARDS, counts.cards());
                number(json, CACHE_HITS, counts.cacheHits());
                number(json, UPSTREAM_CALLS, counts.upstreamCalls());
                number(json, STALE, counts.stale());
                number(json, ERRORS, counts.errors());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return buffer.toString();
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }

    private static void string(JsonGenerator json, SerializableString name, String value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static void number(JsonGenerator json, SerializableString name, Integer value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.intValue());
        }
    }
}
