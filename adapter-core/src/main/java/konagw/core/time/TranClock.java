package konagw.core.time;

import java.time.Clock;
import java.util.Objects;

/** The source of request times, on an injectable {@link Clock}, in the configured vendor zone. */
public final class TranClock {

    private final Clock clock;
    private final KonaTimeZone zone;

    public TranClock(Clock clock, KonaTimeZone zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public TranTime now() {
        return TranTime.of(clock.instant(), zone.zone());
    }

    public KonaTimeZone zone() {
        return zone;
    }

    public Clock clock() {
        return clock;
    }
}
