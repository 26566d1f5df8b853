package konagw.gateway.inquiry;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code konagw.cache.requests{outcome, result}}, registered once: the hot path only increments.
 */
final class LookupMetrics {

    enum Outcome { HIT, MISS, STALE, COALESCED }

    enum Result { ACCOUNT, CARD_NOT_FOUND, NO_ACCOUNT, VENDOR_ERROR, FAILURE }

    private final Counter[][] counters = new Counter[Outcome.values().length][Result.values().length];

    LookupMetrics(MeterRegistry meters) {
        for (Outcome outcome : Outcome.values()) {
            for (Result result : Result.values()) {
                counters[outcome.ordinal()][result.ordinal()] = Counter.builder("konagw.cache.requests")
                        .description("card lookups by cache outcome and result")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .tag("result", result.name().toLowerCase(Locale.ROOT))
                        .register(meters);
            }
        }
    }

    void record(Outcome outcome, Result result) {
        counters[outcome.ordinal()][result.ordinal()].increment();
    }

    static Result resultOf(LookupResult result) {
        if (result.found()) {
            return Result.ACCOUNT;
        }
        return switch (result.vendorError().code()) {
            case "003_029" -> Result.CARD_NOT_FOUND;
            case "003_067" -> Result.NO_ACCOUNT;
            default -> Result.VENDOR_ERROR;
        };
    }
}
