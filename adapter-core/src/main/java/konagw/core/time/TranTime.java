package konagw.core.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * One request instant in the two forms the protocol needs: {@code X-KM-Tran-Time} (yyyyMMddHHmmss) and the
 * token's time (yyyyMMddHHmmssSSS). The token's first 14 digits always equal the tran time.
 */
public record TranTime(Instant instant, String tranTime, String tokenTime) {

    private static final DateTimeFormatter TRAN_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TOKEN_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS")
            .withResolverStyle(ResolverStyle.STRICT);

    public static TranTime of(Instant instant, ZoneId zone) {
        // Hand-formatted: this runs once per upstream request and DateTimeFormatter is comparatively heavy.
        LocalDateTime t = LocalDateTime.ofInstant(instant, zone);
        char[] out = new char[17];
        put(out, 0, t.getYear(), 4);
        put(out, 4, t.getMonthValue(), 2);
        put(out, 6, t.getDayOfMonth(), 2);
        put(out, 8, t.getHour(), 2);
        put(out, 10, t.getMinute(), 2);
        put(out, 12, t.getSecond(), 2);
        put(out, 14, t.getNano() / 1_000_000, 3);
        String token = new String(out);
        return new TranTime(instant, token.substring(0, 14), token);
    }

    /** Parses a 14-digit {@code yyyyMMddHHmmss} in the given zone; rejects anything else. */
    public static Instant parseTranTime(String yyyyMMddHHmmss, ZoneId zone) {
        requireDigits(yyyyMMddHHmmss, 14);
        return LocalDateTime.parse(yyyyMMddHHmmss, TRAN_TIME).atZone(zone).toInstant();
    }

    /** Parses a 17-digit {@code yyyyMMddHHmmssSSS} in the given zone; rejects anything else. */
    public static Instant parseTokenTime(String yyyyMMddHHmmssSSS, ZoneId zone) {
        requireDigits(yyyyMMddHHmmssSSS, 17);
        return LocalDateTime.parse(yyyyMMddHHmmssSSS, TOKEN_TIME).atZone(zone).toInstant();
    }

    private static void requireDigits(String text, int length) {
        if (text == null || text.length() != length) {
            throw new IllegalArgumentException("expected " + length + " digits");
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("expected " + length + " digits");
            }
        }
    }

    private static void put(char[] out, int at, int value, int width) {
        if (value < 0) {
            throw new DateTimeException("year before 0 cannot be formatted");
        }
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
