package konagw.core.correlation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Checks and reads {@code yyMMddHHmmss-xxxxxxx} correlation ids. */
public final class CorrelationIds {

    public static final int LENGTH = 20;

    private CorrelationIds() {
    }

    /** Twelve digits, a dash, seven hex digits (either case). Does not check that the date exists. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH || id.charAt(12) != '-') {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        for (int i = 13; i < LENGTH; i++) {
            char c = id.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    /** The instant encoded in the id's timestamp (years 2000–2099), read in the given zone. */
    public static Instant timestamp(String id, ZoneId zone) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("not a correlation id of the form yyMMddHHmmss-xxxxxxx");
        }
        try {
            return LocalDateTime.of(2000 + num(id, 0), num(id, 2), num(id, 4), num(id, 6), num(id, 8), num(id, 10))
                    .atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("correlation id timestamp is not a valid date/time", e);
        }
    }

    private static int num(String id, int at) {
        return (id.charAt(at) - '0') * 10 + (id.charAt(at + 1) - '0');
    }
}
