package konagw.gateway.callbacks;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** A configured route with the breaker of its own ({@code callback-<id>}). */
record CallbackRoute(CallbacksProperties.RouteSpec spec, CircuitBreaker breaker) {

    static String breakerName(String routeId) {
        return "callback-" + routeId;
    }

    String id() {
        return spec.id();
    }
}
