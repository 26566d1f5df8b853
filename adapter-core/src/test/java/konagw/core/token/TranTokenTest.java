package konagw.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TranTokenTest {

    private static final String SECRET = "konagw-test-secret";
    private static final String BODY = "{\"cardNo\":\"9410123456789012\"}";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final String TOKEN_TIME = "20240229230509007";
    // 2024-02-29 23:05:09.007 in Seoul
    private static final Clock AT_TOKEN_TIME = Clock.fixed(Instant.parse("2024-02-29T14:05:09.007Z"), ZoneOffset.UTC);

    private final TranTokenSigner signer = new TranTokenSigner(SECRET);

    @Test
    void knownAnswerComputedWithOpenssl() {
        // printf '%s' '{"cardNo":"9410123456789012"}' | openssl dgst -sha256 -hmac 'konagw-test-secret' -binary | base64
        assertThat(signer.sign(TOKEN_TIME, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("KMV1:20240229230509007:KSrJvI/qXIY6RIYQwqUsymaihVoXiDFEZZ56F72MwXY=")
                .hasSize(67);
    }

    @Test
    void emptyBodySignsTheEmptyString() {
        // printf '%s' '' | openssl dgst -sha256 -hmac 'konagw-test-secret' -binary | base64
        assertThat(signer.sign(TOKEN_TIME, new byte[0]))
                .isEqualTo("KMV1:20240229230509007:BdZjpJkWD5/QAOxX3gENoA7wfg9ZJVsn91tO4H5RUCU=");
    }

    @Test
    void secretIsUsedAsItsUtf8Bytes() {
        // printf '%s' 'eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.a.b.c.d' \
        //   | openssl dgst -sha256 -hmac 'sécret' -binary | base64        (UTF-8 terminal)
        assertThat(new TranTokenSigner("sécret").sign(TOKEN_TIME,
                "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.a.b.c.d"))
                .endsWith(":zVjZN2nBGuj081JvWxaKYQJ5S4XaNH30NlyPrsknmdg=");
    }

    @Test
    void signerIsSafeAcrossThreads() throws Exception {
        String expected = signer.sign(TOKEN_TIME, BODY);
        Thread[] threads = new Thread[4];
        String[] seen = new String[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                String last = null;
                for (int i = 0; i < 10_000; i++) {
                    last = signer.sign(TOKEN_TIME, BODY);
                    if (!last.equals(expected)) {
                        break;
                    }
                }
                seen[index] = last;
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).containsOnly(expected);
    }

    @Test
    void rejectsABadTokenTime() {
        assertThatThrownBy(() -> signer.sign("2024022923050900", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifierAcceptsWhatTheSignerProduces() {
        TranTokenVerifier verifier = new TranTokenVerifier(SECRET, Duration.ofMinutes(5), AT_TOKEN_TIME);
        String token = signer.sign(TOKEN_TIME, BODY);
        assertThatNoException().isThrownBy(() -> verifier.verify(token, "20240229230509", SEOUL, bytes(BODY)));
    }

    @Test
    void verifierReasons() {
        TranTokenVerifier verifier = new TranTokenVerifier(SECRET, Duration.ofMinutes(5), AT_TOKEN_TIME);
        String token = signer.sign(TOKEN_TIME, BODY);

        assertReason(() -> verifier.verify(token.replace("KMV1", "KMV2"), "20240229230509", SEOUL, bytes(BODY)),
                TranTokenException.Reason.MALFORMED);
        assertReason(() -> verifier.verify(token.substring(0, 66), "20240229230509", SEOUL, bytes(BODY)),
                TranTokenException.Reason.MALFORMED);
        assertReason(() -> verifier.verify(token.substring(0, 23) + "!" + token.substring(24), "20240229230509",
                SEOUL, bytes(BODY)), TranTokenException.Reason.MALFORMED);
        assertReason(() -> verifier.verify(null, "20240229230509", SEOUL, bytes(BODY)),
                TranTokenException.Reason.MALFORMED);
        assertReason(() -> verifier.verify(token, "20240229230508", SEOUL, bytes(BODY)),
                TranTokenException.Reason.TIME_MISMATCH);
        assertReason(() -> verifier.verify(token, null, SEOUL, bytes(BODY)),
                TranTokenException.Reason.TIME_MISMATCH);
        assertReason(() -> verifier.verify(token, "20240229230509", SEOUL, bytes(BODY + " ")),
                TranTokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> new TranTokenVerifier("other-secret", Duration.ofMinutes(5), AT_TOKEN_TIME)
                .verify(token, "20240229230509", SEOUL, bytes(BODY)), TranTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void windowIsCheckedBothWaysInTheTokenZone() {
        String token = signer.sign(TOKEN_TIME, BODY);
        Instant signedAt = Instant.parse("2024-02-29T14:05:09.007Z");
        Duration window = Duration.ofMinutes(5);

        Clock justInside = Clock.fixed(signedAt.plus(window), ZoneOffset.UTC);
        assertThatNoException().isThrownBy(() -> new TranTokenVerifier(SECRET, window, justInside)
                .verify(token, "20240229230509", SEOUL, bytes(BODY)));

        Clock late = Clock.fixed(signedAt.plus(window).plusMillis(1), ZoneOffset.UTC);
        assertReason(() -> new TranTokenVerifier(SECRET, window, late)
                .verify(token, "20240229230509", SEOUL, bytes(BODY)), TranTokenException.Reason.OUT_OF_WINDOW);

        Clock early = Clock.fixed(signedAt.minus(window).minusMillis(1), ZoneOffset.UTC);
        assertReason(() -> new TranTokenVerifier(SECRET, window, early)
                .verify(token, "20240229230509", SEOUL, bytes(BODY)), TranTokenException.Reason.OUT_OF_WINDOW);

        // Read as UTC, the same digits are nine hours away.
        assertReason(() -> new TranTokenVerifier(SECRET, window, AT_TOKEN_TIME)
                .verify(token, "20240229230509", ZoneOffset.UTC, bytes(BODY)), TranTokenException.Reason.OUT_OF_WINDOW);
    }

    @Test
    void messagesDoNotCarryTheTokenOrSecret() {
        TranTokenVerifier verifier = new TranTokenVerifier(SECRET, Duration.ofMinutes(5), AT_TOKEN_TIME);
        String token = signer.sign(TOKEN_TIME, BODY);
        assertThatThrownBy(() -> verifier.verify(token, "20240229230509", SEOUL, bytes("{}")))
                .hasMessageNotContaining(token.substring(23)).hasMessageNotContaining(SECRET);
    }

    private static void assertReason(ThrowingCallable call, TranTokenException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TranTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
