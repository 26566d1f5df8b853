package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

/** ByteOut's JSON text against Jackson's for the same values. */
class ByteOutTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"", "79790000000001", "FIXATION", "a\"b", "back\\slash", "tab\there", "\u0000", "\u007f",
        "caf\u00e9", "\u00ff", "\u0141ód\u017a", "emoji \uD83D\uDE00", "plain then \"quoted\" then plain", "end\n"})
    void aStringIsWrittenAsJacksonWritesIt(String value) {
        ByteOut out = new ByteOut(1); // grows while writing
        out.write('[');
        out.writeString(value);
        out.write(',');
        out.writeString(value);
        out.write(']');
        assertThat(text(out)).isEqualTo(JSON.writeValueAsString(new String[] {value, value}));
    }

    @Test
    void stringsLongerThanTheScratchBufferAreWrittenWhole() {
        String plain = "0123456789".repeat(30);
        String quoted = plain + "\"" + plain;
        ByteOut out = new ByteOut(1);
        out.writeString("short");
        out.writeString(plain);
        out.writeAscii(plain);
        out.writeString(quoted);
        assertThat(text(out)).isEqualTo("\"short\"" + JSON.writeValueAsString(plain) + plain
                + JSON.writeValueAsString(quoted));
    }

    @Test
    void nullIsWrittenAsNull() {
        ByteOut out = new ByteOut(1);
        out.writeString(null);
        assertThat(text(out)).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 9, 10, 99, 100, 12_345, 999_999, 1_000_000, Integer.MAX_VALUE, Long.MAX_VALUE, -1, -10,
        -987_654_321, Long.MIN_VALUE})
    void aNumberIsWrittenInDecimal(long value) {
        ByteOut out = new ByteOut(1);
        out.write('x');
        out.writeLong(value);
        out.write('x');
        assertThat(text(out)).isEqualTo("x" + value + "x");
    }

    @Test
    void asciiIsCopiedAsItIs() {
        ByteOut out = new ByteOut(1);
        out.writeAscii("UPSTREAM");
        out.writeAscii("");
        out.writeAscii("CACHE");
        assertThat(text(out)).isEqualTo("UPSTREAMCACHE");
    }

    private static String text(ByteOut out) {
        var buffer = out.buffer();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }
}
