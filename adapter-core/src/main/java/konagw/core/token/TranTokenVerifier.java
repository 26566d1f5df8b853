package konagw.core.token;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Objects;
import konagw.core.time.TranTime;

/** Verifies tran tokens the way the vendor does: format, time, window, then a constant-time HMAC compare. */
public final class TranTokenVerifier {

    private final HmacSha256 hmac;
    private final Duration window;
    private final Clock clock;

    public TranTokenVerifier(String secretKey, Duration window, Clock clock) {
        this.hmac = new HmacSha256(secretKey);
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
    }

    /**
     * @param token    the {@code X-KM-Tran-Token} header
     * @param tranTime the {@code X-KM-Tran-Time} header (14 digits)
     * @param zone     the zone of both times ({@code X-KM-Time-Zone})
     * @param body     the exact body bytes received
     * @throws TranTokenException when any check fails
     */
    public void verify(String token, String tranTime, ZoneId zone, byte[] body) {
        int timeStart = TranTokenSigner.PREFIX.length();
        int timeEnd = timeStart + TranTokenSigner.TIME_LENGTH;
        if (token == null || token.length() != timeEnd + 1 + TranTokenSigner.SIGNATURE_LENGTH
                || !token.startsWith(TranTokenSigner.PREFIX) || token.charAt(timeEnd) != ':'
                || !TranTokenSigner.isDigits(token.substring(timeStart, timeEnd), TranTokenSigner.TIME_LENGTH)) {
            throw new TranTokenException(TranTokenException.Reason.MALFORMED,
                    "tran token must be KMV1:<yyyyMMddHHmmssSSS>:<Base64 HMAC-SHA256>");
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(token.substring(timeEnd + 1));
        } catch (IllegalArgumentException e) {
            throw new TranTokenException(TranTokenException.Reason.MALFORMED, "tran token signature is not Base64");
        }
        String tokenTime = token.substring(timeStart, timeEnd);
        if (tranTime == null || !tokenTime.startsWith(tranTime) || tranTime.length() != 14) {
            throw new TranTokenException(TranTokenException.Reason.TIME_MISMATCH,
                    "tran token time does not match X-KM-Tran-Time");
        }
        Instant signedAt;
        try {
            signedAt = TranTime.parseTokenTime(tokenTime, zone);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new TranTokenException(TranTokenException.Reason.MALFORMED, "tran token time is not a valid date");
        }
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(window) > 0) {
            throw new TranTokenException(TranTokenException.Reason.OUT_OF_WINDOW,
                    "tran token time is " + skew.toSeconds() + " s from now; allowed " + window.toSeconds() + " s");
        }
        if (!MessageDigest.isEqual(hmac.mac(body), presented)) {
            throw new TranTokenException(TranTokenException.Reason.BAD_SIGNATURE,
                    "tran token signature does not match the body");
        }
    }
}
