package konagw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The streamed audit line is the document data binding writes for the record, byte for byte. */
class AuditJsonTest {

    static final JsonMapper BINDING = JsonMapper.builder().build();

    static final List<AuditEvent> EVENTS = List.of(
            AuditLogTest.EVENT,
            new AuditEvent(null, null, null, null, null, null, null, null, null, 0, 0, null, null),
            new AuditEvent(Instant.parse("2026-12-02T05:00:00.123456789Z"), "bravo", "inquiry/batch",
                    "/api/v1/card/virtual-account/inquiry/batch", null, null, "req-2", null, "000_000", 200, 1234567890123L,
                    null, new AuditCounts(1000, 998, 990, 8, 0, 2)),
            new AuditEvent(Instant.parse("2026-12-02T05:00:01Z"), "charlie", "jobs", "/api/v1/jobs", null, null, "req-3",
                    null, "000_000", 202, 12, "0123456789abcdef0123456789abcdef", AuditCounts.submitted(100_000)),
            new AuditEvent(Instant.parse("2026-12-02T05:00:02Z"), "delta \"quoted\" \\ back\tslash",
                    "passthrough", "/api/v1/é/\u0001/941000******0001", null, "261202140000-0000001", "req-4",
                    "UPSTREAM", "003_029", 502, 7, null, null));

    @Test
    void writesWhatDataBindingWrites() {
        AuditJson json = new AuditJson();
        for (AuditEvent event : EVENTS) {
            assertThat(json.write(event)).isEqualTo(BINDING.writeValueAsString(event));
        }
    }

    @Test
    void aReusedWriterStartsEachEventAfresh() {
        AuditJson json = new AuditJson();
        String first = json.write(EVENTS.get(2));
        json.write(EVENTS.get(4));
        JsonNode again = BINDING.readTree(json.write(EVENTS.get(2)));
        assertThat(again).isEqualTo(BINDING.readTree(first));
        assertThat(again.get("counts").get("entries").asInt()).isEqualTo(1000);
    }

    @Test
    void masksTheFieldsACallerOrAnOperatorChooses() {
        String line = new AuditJson().write(new AuditEvent(Instant.parse("2026-12-02T05:00:00Z"), "4111111111111111",
                "passthrough", "/api/v1/cards/9410000000000001/history", null, "9420000000000002", "9410000000000003",
                null, "000_000", 200, 1, "9410000000000004", null));
        assertThat(line).doesNotContainPattern("\\d{13}")
                .contains("\"clientId\":\"411111******1111\"", "\"path\":\"/api/v1/cards/941000******0001/history\"",
                        "\"correlationId\":\"942000******0002\"", "\"requestId\":\"941000******0003\"",
                        "\"job\":\"941000******0004\"");
    }
}
