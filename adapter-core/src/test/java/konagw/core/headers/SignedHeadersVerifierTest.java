package konagw.core.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import konagw.core.headers.SignedHeadersException.Reason;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranTime;
import konagw.core.token.TranTokenSigner;

class SignedHeadersVerifierTest {

    private static final String ASP = "KONAGWSANDBOX01";
    private static final String ACCESS = "A".repeat(39) + "B";
    private static final String SECRET = "konagw-test-secret";
    // 2024-02-29 23:05:09.007 in Seoul
    private static final Instant NOW = Instant.parse("2024-02-29T14:05:09.007Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] BODY = "{\"event\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    private final SignedHeadersVerifier callbacks =
            new SignedHeadersVerifier(ASP, null, SECRET, Duration.ofMinutes(5), CLOCK, "our clock");
    private final SignedHeadersVerifier requests =
            new SignedHeadersVerifier(ASP, ACCESS, SECRET, Duration.ofMinutes(5), CLOCK, "our clock");

    /** Headers as the vendor signs them, at {@code at}. */
    static Map<String, List<String>> signed(Instant at, byte[] body) {
        TranTime t = TranTime.of(at, KonaTimeZone.KST.zone());
        Map<String, List<String>> h = new HashMap<>();
        h.put(KmHeaders.USER_ASP_ID, new ArrayList<>(List.of(ASP)));
        h.put(KmHeaders.CORRELATION_ID, new ArrayList<>(List.of(t.tranTime().substring(2) + "-abc1234")));
        h.put(KmHeaders.TRAN_TIME, new ArrayList<>(List.of(t.tranTime())));
        h.put(KmHeaders.TIME_ZONE, new ArrayList<>(List.of("KST")));
        h.put(KmHeaders.TRAN_TOKEN, new ArrayList<>(List.of(new TranTokenSigner(SECRET).sign(t.tokenTime(), body))));
        return h;
    }

    private static SignedHeadersVerifier.Headers view(Map<String, List<String>> h) {
        return name -> h.getOrDefault(name, List.of());
    }

    @Test
    void acceptsAWellSignedCallbackWithoutAccessKey() {
        SignedHeaders verified = callbacks.verify(view(signed(NOW, BODY)), BODY);
        assertThat(verified.correlationId()).isEqualTo("240229230509-abc1234");
        assertThat(verified.correlationIdTime()).isEqualTo(Instant.parse("2024-02-29T14:05:09Z"));
        assertThat(verified.zone()).isEqualTo(KonaTimeZone.KST);
    }

    @Test
    void checksTheAccessKeyWhenConfigured() {
        Map<String, List<String>> h = signed(NOW, BODY);
        assertRejected(requests, h, BODY, Reason.HEADER, KmHeaders.ACCESS_KEY + ": missing");
        h.put(KmHeaders.ACCESS_KEY, List.of("C".repeat(40)));
        assertRejected(requests, h, BODY, Reason.ACCESS_KEY, KmHeaders.ACCESS_KEY + ": does not match");
        h.put(KmHeaders.ACCESS_KEY, List.of(ACCESS));
        assertThat(requests.verify(view(h), BODY).correlationId()).isEqualTo("240229230509-abc1234");
    }

    static Stream<Arguments> faults() {
        Instant stale = NOW.minus(Duration.ofMinutes(6));
        return Stream.of(
                Arguments.of("wrong ASP id", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.USER_ASP_ID, List.of("KONAGWSANDBOX02")), Reason.ASP_ID, KmHeaders.USER_ASP_ID),
                Arguments.of("ASP id missing", (Consumer<Map<String, List<String>>>) h ->
                        h.remove(KmHeaders.USER_ASP_ID), Reason.HEADER, KmHeaders.USER_ASP_ID + ": missing"),
                Arguments.of("tran time twice", (Consumer<Map<String, List<String>>>) h ->
                        h.get(KmHeaders.TRAN_TIME).add(h.get(KmHeaders.TRAN_TIME).get(0)), Reason.HEADER,
                        KmHeaders.TRAN_TIME + ": sent 2 times"),
                Arguments.of("zone lower-case", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TIME_ZONE, List.of("kst")), Reason.TIME_ZONE, KmHeaders.TIME_ZONE),
                Arguments.of("zone unknown", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TIME_ZONE, List.of("XYZ")), Reason.TIME_ZONE, "unknown zone"),
                Arguments.of("zone UTC while the times are KST", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TIME_ZONE, List.of("UTC")), Reason.WINDOW, KmHeaders.CORRELATION_ID),
                Arguments.of("correlation id not hex", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.CORRELATION_ID, List.of("240229230509-xyz1234")), Reason.CORRELATION_ID,
                        KmHeaders.CORRELATION_ID),
                Arguments.of("correlation id month 13", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.CORRELATION_ID, List.of("241329230509-abc1234")), Reason.CORRELATION_ID,
                        "not a valid date"),
                Arguments.of("stale correlation id", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.CORRELATION_ID, signed(stale, BODY).get(KmHeaders.CORRELATION_ID)),
                        Reason.WINDOW, KmHeaders.CORRELATION_ID + ": timestamp outside the ±PT5M window around our clock"),
                Arguments.of("stale tran time, signed consistently", (Consumer<Map<String, List<String>>>) h -> {
                    Map<String, List<String>> old = signed(stale, BODY);
                    h.put(KmHeaders.TRAN_TIME, old.get(KmHeaders.TRAN_TIME));
                    h.put(KmHeaders.TRAN_TOKEN, old.get(KmHeaders.TRAN_TOKEN));
                }, Reason.WINDOW, KmHeaders.TRAN_TIME),
                Arguments.of("tran time not digits", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TRAN_TIME, List.of("2024022923050x")), Reason.TRAN_TIME, KmHeaders.TRAN_TIME),
                Arguments.of("token time differs from tran time", (Consumer<Map<String, List<String>>>) h -> {
                    String token = h.get(KmHeaders.TRAN_TOKEN).get(0);
                    h.put(KmHeaders.TRAN_TOKEN, List.of(token.substring(0, 18) + '8' + token.substring(19)));
                }, Reason.TOKEN, "its time does not match"),
                Arguments.of("token of another version", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TRAN_TOKEN, List.of("KMV2" + h.get(KmHeaders.TRAN_TOKEN).get(0).substring(4))),
                        Reason.TOKEN, "malformed"),
                Arguments.of("token under another secret", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TRAN_TOKEN, List.of(new TranTokenSigner("not-the-secret")
                                .sign(TranTime.of(NOW, KonaTimeZone.KST.zone()).tokenTime(), BODY))),
                        Reason.SIGNATURE, KmHeaders.TRAN_TOKEN + ": HMAC does not match the body"),
                Arguments.of("token over another body", (Consumer<Map<String, List<String>>>) h ->
                        h.put(KmHeaders.TRAN_TOKEN, signed(NOW, "{\"event\":\"y\"}".getBytes(StandardCharsets.UTF_8))
                                .get(KmHeaders.TRAN_TOKEN)), Reason.SIGNATURE, "HMAC does not match"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void rejectsEachFaultWithItsReason(String name, Consumer<Map<String, List<String>>> tamper, Reason reason,
                                       String message) {
        Map<String, List<String>> h = signed(NOW, BODY);
        tamper.accept(h);
        assertRejected(callbacks, h, BODY, reason, message);
    }

    @Test
    void messagesNeverEchoTheTokenOrTheBody() {
        Map<String, List<String>> h = signed(NOW, BODY);
        String token = h.get(KmHeaders.TRAN_TOKEN).get(0);
        byte[] other = "{\"cardNo\":\"9410123456789012\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> callbacks.verify(view(h), other))
                .isInstanceOf(SignedHeadersException.class)
                .message().doesNotContain(token.substring(23)).doesNotContain("9410123456789012");
    }

    @Test
    void reasonTagsAreLowerCase() {
        assertThat(Reason.ASP_ID.tag()).isEqualTo("asp_id");
        assertThat(Reason.SIGNATURE.tag()).isEqualTo("signature");
    }

    private static void assertRejected(SignedHeadersVerifier verifier, Map<String, List<String>> h, byte[] body,
                                       Reason reason, String message) {
        assertThatThrownBy(() -> verifier.verify(view(h), body))
                .isInstanceOfSatisfying(SignedHeadersException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
