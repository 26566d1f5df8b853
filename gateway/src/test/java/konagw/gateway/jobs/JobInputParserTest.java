package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import konagw.core.protocol.KonaCode;
import konagw.gateway.batch.ChunkLookup;
import konagw.gateway.problem.GatewayProblemException;
import tools.jackson.databind.json.JsonMapper;

class JobInputParserTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CARD = "9410000000000001";

    /** Feeds the body one byte at a time: every token split across buffers. */
    static List<long[]> parse(JobInputParser.Format format, String body, int chunkSize, int maxSize) {
        JobInputParser parser = new JobInputParser(JSON, format, chunkSize, maxSize);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<long[]> chunks = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            chunks.addAll(parser.feed(bytes, i, 1));
        }
        chunks.addAll(parser.finish());
        return chunks;
    }

    @Test
    void jsonEntriesArriveInChunksWhateverTheBufferBoundaries() {
        List<long[]> chunks = parse(JobInputParser.Format.JSON,
                "{\"skip\":{\"cardNos\":[1]},\"cardNos\":[\"" + CARD + "\",null,\"12\",{\"a\":[1]},7,\"" + CARD + "\"]}",
                4, 100);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).containsExactly(9410000000000001L, ChunkLookup.encode(null), ChunkLookup.encode("12"),
                ChunkLookup.notAString());
        assertThat(chunks.get(1)).containsExactly(ChunkLookup.notAString(), 9410000000000001L);
    }

    @Test
    void ndjsonLinesAreEntries() {
        List<long[]> chunks = parse(JobInputParser.Format.NDJSON,
                "{\"cardNo\":\"" + CARD + "\"}\n\n{\"x\":[1],\"cardNo\":null}\r\n{}\n{\"cardNo\":[\"" + CARD + "\"]}", 10, 100);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0)).containsExactly(9410000000000001L, ChunkLookup.encode(null), ChunkLookup.encode(null),
                ChunkLookup.notAString());
    }

    @Test
    void shapeErrorsFailTheRequest() {
        assertRefused(JobInputParser.Format.JSON, "[]", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":[\"" + CARD + "\"", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":{}}", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":[],\"cardNos\":null}", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":[]}[]", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":[}", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{}", KonaCode.MISSING_REQUIRED);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":null}", KonaCode.MISSING_REQUIRED);
        assertRefused(JobInputParser.Format.NDJSON, "{\"cardNo\":\"" + CARD + "\"}\n\"x\"\n", KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.NDJSON, "{\"cardNo\":\"" + CARD, KonaCode.INVALID_INPUT);
        assertRefused(JobInputParser.Format.JSON, "{\"cardNos\":[null,null,null]}", 2, KonaCode.PAYLOAD_TOO_LARGE);
        assertThat(parse(JobInputParser.Format.JSON, "{\"cardNos\":[null,null]}", 2, 2)).hasSize(1);
    }

    private static void assertRefused(JobInputParser.Format format, String body, KonaCode code) {
        assertRefused(format, body, 100, code);
    }

    private static void assertRefused(JobInputParser.Format format, String body, int maxSize, KonaCode code) {
        assertThatThrownBy(() -> parse(format, body, 4, maxSize)).as(body)
                .isInstanceOfSatisfying(GatewayProblemException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
