package konagw.core.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireEnvelopeTest {

    private static final String JWE = Rfc7516VectorTest.COMPACT;

    @Test
    void compactEnvelopeIsTheJweItself() {
        WireEnvelope envelope = WireEnvelope.compact();
        assertThat(envelope.contentType()).isEqualTo("application/jose");
        byte[] body = envelope.wrap(JWE);
        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo(JWE);
        assertThat(envelope.unwrap(body)).contains(JWE);
        assertThat(envelope.unwrap(bytes("\n " + JWE + "\r\n"))).contains(JWE);
    }

    @Test
    void compactEnvelopeLeavesPlainJsonAlone() {
        WireEnvelope envelope = WireEnvelope.compact();
        assertThat(envelope.unwrap(bytes("{\"code\":\"003_029\",\"message\":\"Card not found\"}"))).isEmpty();
        assertThat(envelope.unwrap(bytes("  {\"a\":\"x.y.z.w.v\"}"))).isEmpty();
        assertThat(envelope.unwrap(bytes("a.b.c"))).isEmpty();
        assertThat(envelope.unwrap(new byte[0])).isEmpty();
    }

    @Test
    void jsonFieldEnvelopeWrapsAndUnwraps() {
        WireEnvelope envelope = WireEnvelope.jsonField("payload");
        assertThat(envelope.contentType()).isEqualTo("application/json");
        byte[] body = envelope.wrap(JWE);
        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("{\"payload\":\"" + JWE + "\"}");
        assertThat(envelope.unwrap(body)).contains(JWE);
        assertThat(envelope.unwrap(bytes("{ \"other\": 1, \"payload\" : \"" + JWE + "\" }"))).contains(JWE);
    }

    @Test
    void jsonFieldEnvelopeTreatsOtherJsonAsPlainAndAcceptsABareJwe() {
        WireEnvelope envelope = WireEnvelope.jsonField("data");
        assertThat(envelope.unwrap(bytes("{\"code\":\"003_029\",\"message\":\"Card not found\"}"))).isEmpty();
        assertThat(envelope.unwrap(bytes("{\"data\":42}"))).isEmpty();
        assertThat(envelope.unwrap(bytes("{broken"))).isEmpty();
        assertThat(envelope.unwrap(bytes(JWE))).contains(JWE);
    }

    @Test
    void parsesConfiguration() {
        assertThat(WireEnvelope.parse("compact")).isEqualTo(WireEnvelope.compact());
        assertThat(WireEnvelope.parse("json")).isEqualTo(WireEnvelope.jsonField("data"));
        assertThat(WireEnvelope.parse("JSON:encData")).isEqualTo(WireEnvelope.jsonField("encData"));
        assertThatThrownBy(() -> WireEnvelope.parse("xml")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireEnvelope.parse("json:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireEnvelope.jsonField("a\"b")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
