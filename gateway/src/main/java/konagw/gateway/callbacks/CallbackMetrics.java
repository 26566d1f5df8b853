package konagw.gateway.callbacks;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code konagw.callbacks.rejected{route,reason}}, {@code konagw.callbacks.forwarded{route,outcome}} and the timer
 * {@code konagw.callbacks.forward{route,outcome}}. Tags are route ids and closed sets of reasons and outcomes only.
 */
final class CallbackMetrics {

    static final String REJECTED = "konagw.callbacks.rejected";
    static final String FORWARDED = "konagw.callbacks.forwarded";
    static final String FORWARD_TIMER = "konagw.callbacks.forward";

    private final MeterRegistry meters;

    CallbackMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void rejected(String route, String reason) {
        Counter.builder(REJECTED).description("Callbacks refused with 400 before anything was forwarded")
                .tag("route", route).tag("reason", reason).register(meters).increment();
    }

    void forwarded(String route, String outcome, Duration took) {
        Counter.builder(FORWARDED).description("Callbacks handed to the internal service, by outcome")
                .tag("route", route).tag("outcome", outcome).register(meters).increment();
        Timer.builder(FORWARD_TIMER).description("Time the internal service took to answer a callback")
                .tag("route", route).tag("outcome", outcome).register(meters).record(took);
    }
}
