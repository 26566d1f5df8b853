package konagw.gateway.callbacks;

import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Hands a verified callback's plaintext to the route's internal service: {@code POST forward-to} with
 * {@code Content-Type: application/json}, {@code X-KM-Correlation-Id} and {@code X-Konagw-Callback-Route}, within
 * the route's timeout and through its own breaker (which counts 5xx, timeouts and connection errors). Every failure
 * is a {@link ForwardFailed}.
 */
final class CallbackForwarder {

    static final String ROUTE_HEADER = "X-Konagw-Callback-Route";
    private static final byte[] EMPTY = new byte[0];

    /** The internal service's answer (status below 500). */
    record Answer(int status, byte[] body) {
    }

    private final HttpClient http;
    private final Scheduler timeouts;

    CallbackForwarder(HttpClient http, Scheduler timeouts) {
        this.http = http;
        this.timeouts = timeouts;
    }

    Mono<Answer> forward(CallbackRoute route, VerifiedCallback callback) {
        CallbacksProperties.RouteSpec spec = route.spec();
        return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.ACCEPT, "application/json")
                        .set(KmHeaders.CORRELATION_ID, callback.correlationId())
                        .set(ROUTE_HEADER, spec.id()))
                .responseTimeout(spec.timeout())
                .post()
                .uri(spec.forwardTo())
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(callback.plaintext())))
                .responseSingle((response, bytes) -> bytes.asByteArray().defaultIfEmpty(EMPTY)
                        .map(body -> new Answer(response.status().code(), body)))
                .flatMap(answer -> answer.status() >= 500
                        ? Mono.<Answer>error(new ForwardFailed("internal_error",
                                "the internal service answered " + answer.status()))
                        : Mono.just(answer))
                .timeout(spec.timeout(), timeouts)
                .transformDeferred(CircuitBreakerOperator.of(route.breaker()))
                .onErrorMap(e -> !(e instanceof ForwardFailed), CallbackForwarder::classify);
    }

    private static ForwardFailed classify(Throwable e) {
        if (e instanceof CallNotPermittedException) {
            return new ForwardFailed("breaker_open", "the route's circuit breaker is open");
        }
        if (e instanceof TimeoutException || e instanceof ReadTimeoutException) {
            return new ForwardFailed("timeout", "the internal service did not answer in time");
        }
        return new ForwardFailed("unavailable", "the internal service is unreachable: " + e.getClass().getSimpleName());
    }
}
