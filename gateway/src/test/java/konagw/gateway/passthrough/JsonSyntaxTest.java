package konagw.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", " {\"a\":[1,{\"b\":null}],\"c\":\"한글\\u00e9\"} \n", "\"text\"", "42", "null",
        "[[[[]]]]", "{\"a\":{\"b\":{\"c\":[true,false,-1.5e3]}}}"})
    void oneJsonValueIsWellFormed(String json) {
        assertThat(JsonSyntax.wellFormed(json.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "   ", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "{\"a\":1}x",
        "{'a':1}", "{\"a\":\"open}", "[1,]", "{\"a\":NaN}", "{\"a\":01}", "{a:1}", "// c\n{}", "[1 2]"})
    void anythingElseIsNot(String text) {
        assertThat(JsonSyntax.wellFormed(text.getBytes(StandardCharsets.UTF_8))).as(text).isFalse();
    }

    @Test
    void deepNestingBeyondTheParserLimitIsNotWellFormed() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(JsonSyntax.wellFormed(deep.getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
