package konagw.core.time;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The vendor's three-letter time-zone code ({@code X-KM-Time-Zone}) and the zone it stands for. */
public record KonaTimeZone(String code, ZoneId zone) {

    private static final Map<String, String> ZONES = Map.of(
            "KST", "Asia/Seoul",
            "UTC", "UTC",
            "JST", "Asia/Tokyo",
            "GMT", "GMT");

    public static final KonaTimeZone KST = of("KST");
    public static final KonaTimeZone UTC = of("UTC");

    public KonaTimeZone {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(zone, "zone");
    }

    public static KonaTimeZone of(String code) {
        String normalized = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        String zone = ZONES.get(normalized);
        if (zone == null) {
            throw new IllegalArgumentException("unsupported time-zone code '" + code + "'; supported: "
                    + ZONES.keySet().stream().sorted().toList());
        }
        return new KonaTimeZone(normalized, ZoneId.of(zone));
    }
}
