package konagw.core.headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import konagw.core.correlation.CorrelationIds;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranTime;
import konagw.core.token.TranTokenException;
import konagw.core.token.TranTokenVerifier;

/**
 * Verifies the signed {@code X-KM-*} headers of a request the way the vendor does, in one code path for the sandbox
 * (requests from the gateway) and the gateway (callbacks from the vendor): each header present once with its exact
 * length; the ASP id (and, unless this is a callback, the access key) ours, compared in constant time; the time zone
 * known; the correlation id well-formed and its timestamp within the skew; {@code X-KM-Tran-Time} within the skew;
 * the tran token's time equal to {@code X-KM-Tran-Time} and its HMAC over the raw body equal in constant time.
 * Replay and JWE checks are the caller's. Thread-safe.
 */
public final class SignedHeadersVerifier {

    /** Header access independent of the HTTP library: every value sent under a name (empty if none). */
    @FunctionalInterface
    public interface Headers {
        List<String> all(String name);
    }

    private final byte[] aspId;
    private final byte[] accessKey;
    private final Duration skew;
    private final Clock clock;
    private final TranTokenVerifier tokens;
    private final String window;

    /**
     * @param aspId     our ASP id (15 characters)
     * @param accessKey our access key, or {@code null} when requests carry none (callbacks: the vendor's guide says
     *                  "excluded for Callback API"); when null the header is not looked at
     * @param secretKey the project's secret key (the tran token's HMAC key)
     * @param skew      how far any timestamp may be from {@code clock}
     * @param clockName how the clock is named in a window message, e.g. "the sandbox clock"
     */
    public SignedHeadersVerifier(String aspId, String accessKey, String secretKey, Duration skew, Clock clock,
                                 String clockName) {
        this.aspId = Objects.requireNonNull(aspId, "aspId").getBytes(StandardCharsets.UTF_8);
        this.accessKey = accessKey == null ? null : accessKey.getBytes(StandardCharsets.UTF_8);
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = new TranTokenVerifier(secretKey, skew, clock);
        this.window = "outside the ±" + skew + " window around " + clockName;
    }

    public Duration skew() {
        return skew;
    }

    /**
     * @param body the exact body bytes received (after encryption, when encrypted)
     * @throws SignedHeadersException on the first check that fails
     */
    public SignedHeaders verify(Headers headers, byte[] body) {
        Instant now = clock.instant();
        String asp = header(headers, KmHeaders.USER_ASP_ID, KmHeaders.ASP_ID_LENGTH);
        if (!MessageDigest.isEqual(asp.getBytes(StandardCharsets.UTF_8), aspId)) {
            throw fail(SignedHeadersException.Reason.ASP_ID, KmHeaders.USER_ASP_ID, "does not match the configured ASP id");
        }
        if (accessKey != null) {
            String key = header(headers, KmHeaders.ACCESS_KEY, KmHeaders.ACCESS_KEY_LENGTH);
            if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), accessKey)) {
                throw fail(SignedHeadersException.Reason.ACCESS_KEY, KmHeaders.ACCESS_KEY,
                        "does not match the configured access key");
            }
        }

        String zoneCode = header(headers, KmHeaders.TIME_ZONE, KmHeaders.TIME_ZONE_LENGTH);
        if (!upperLetters(zoneCode)) {
            throw fail(SignedHeadersException.Reason.TIME_ZONE, KmHeaders.TIME_ZONE, "not 3 upper-case letters");
        }
        KonaTimeZone zone;
        try {
            zone = KonaTimeZone.of(zoneCode);
        } catch (IllegalArgumentException e) {
            throw fail(SignedHeadersException.Reason.TIME_ZONE, KmHeaders.TIME_ZONE, "unknown zone " + zoneCode);
        }

        String correlationId = header(headers, KmHeaders.CORRELATION_ID, KmHeaders.CORRELATION_ID_LENGTH);
        if (!CorrelationIds.isWellFormed(correlationId)) {
            throw fail(SignedHeadersException.Reason.CORRELATION_ID, KmHeaders.CORRELATION_ID,
                    "not yyMMddHHmmss-xxxxxxx (12 digits, '-', 7 hex)");
        }
        Instant idTime;
        try {
            idTime = CorrelationIds.timestamp(correlationId, zone.zone());
        } catch (RuntimeException e) {
            throw fail(SignedHeadersException.Reason.CORRELATION_ID, KmHeaders.CORRELATION_ID,
                    "timestamp is not a valid date and time");
        }
        checkWindow(KmHeaders.CORRELATION_ID, idTime, now);

        String tranTime = header(headers, KmHeaders.TRAN_TIME, KmHeaders.TRAN_TIME_LENGTH);
        if (!digits(tranTime)) {
            throw fail(SignedHeadersException.Reason.TRAN_TIME, KmHeaders.TRAN_TIME, "not 14 digits yyyyMMddHHmmss");
        }
        Instant requestTime;
        try {
            requestTime = TranTime.parseTranTime(tranTime, zone.zone());
        } catch (RuntimeException e) {
            throw fail(SignedHeadersException.Reason.TRAN_TIME, KmHeaders.TRAN_TIME, "not a valid date and time");
        }
        checkWindow(KmHeaders.TRAN_TIME, requestTime, now);

        String token = header(headers, KmHeaders.TRAN_TOKEN, KmHeaders.TRAN_TOKEN_LENGTH);
        try {
            tokens.verify(token, tranTime, zone.zone(), body);
        } catch (TranTokenException e) {
            throw switch (e.reason()) {
                case MALFORMED -> fail(SignedHeadersException.Reason.TOKEN, KmHeaders.TRAN_TOKEN,
                        "malformed, expected KMV1:<17 digits>:<44 Base64 characters>");
                case TIME_MISMATCH -> fail(SignedHeadersException.Reason.TOKEN, KmHeaders.TRAN_TOKEN,
                        "its time does not match " + KmHeaders.TRAN_TIME);
                case OUT_OF_WINDOW -> fail(SignedHeadersException.Reason.WINDOW, KmHeaders.TRAN_TOKEN, "time " + window);
                case BAD_SIGNATURE -> fail(SignedHeadersException.Reason.SIGNATURE, KmHeaders.TRAN_TOKEN,
                        "HMAC does not match the body");
            };
        }
        return new SignedHeaders(correlationId, idTime, requestTime, zone);
    }

    private void checkWindow(String header, Instant t, Instant now) {
        if (Duration.between(now, t).abs().compareTo(skew) > 0) {
            throw fail(SignedHeadersException.Reason.WINDOW, header, "timestamp " + window);
        }
    }

    /** The single value of a required header with an exact length. */
    private static String header(Headers headers, String name, int length) {
        List<String> values = headers.all(name);
        if (values == null || values.isEmpty()) {
            throw fail(SignedHeadersException.Reason.HEADER, name, "missing");
        }
        if (values.size() > 1) {
            throw fail(SignedHeadersException.Reason.HEADER, name, "sent " + values.size() + " times");
        }
        String value = values.get(0);
        if (value.length() != length) {
            throw fail(SignedHeadersException.Reason.HEADER, name, "length " + value.length() + ", expected " + length);
        }
        return value;
    }

    private static SignedHeadersException fail(SignedHeadersException.Reason reason, String header, String what) {
        return new SignedHeadersException(reason, header + ": " + what);
    }

    private static boolean upperLetters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
