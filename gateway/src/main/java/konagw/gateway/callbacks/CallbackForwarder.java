package konagw.gateway.callbacks;

import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.netty.handler.timeout.ReadTimeoutException;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Hands a verified callback's plaintext to the route's internal service: {@code POST forward-to} with
 * {@code Content-Type: application/json}, {@code X-KM-Correlation-Id} and {@code X-Konagw-Callback-Route}, within
 * the route's timeout and through its own breaker (which counts 5xx, timeouts and connection errors). Every failure
 * is a {@link ForwardFailed}. With tracing on, each forward is a {@value #SPAN} span (a trace of its own: the vendor
 * sends none) whose context goes to the internal service as W3C {@code traceparent}.
 */
final class CallbackForwarder {

    static final String ROUTE_HEADER = "X-Konagw-Callback-Route";
    static final String SPAN = "konagw.callback.forward";
    private static final byte[] EMPTY = new byte[0];

    /** The internal service's answer (status below 500). */
    record Answer(int status, byte[] body) {
    }

    private final HttpClient http;
    private final Scheduler timeouts;
    private final Tracer tracer;
    private final Propagator propagator;

    /** @param tracer and {@code propagator}: {@code null} when tracing is off */
    CallbackForwarder(HttpClient http, Scheduler timeouts, Tracer tracer, Propagator propagator) {
        this.http = http;
        this.timeouts = timeouts;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    Mono<Answer> forward(CallbackRoute route, VerifiedCallback callback) {
        if (tracer == null || propagator == null) {
            return forward(route, callback, null);
        }
        return Mono.defer(() -> {
            Span span = tracer.nextSpan().name(SPAN).tag("konagw.callback.route", route.spec().id())
                    .tag("konagw.correlation_id", callback.correlationId()).start();
            return forward(route, callback, span)
                    .doOnError(ForwardFailed.class, failed -> span.tag("outcome", failed.outcome()))
                    .doOnNext(answer -> span.tag("outcome", "relayed"))
                    .doFinally(signal -> span.end());
        });
    }

    private Mono<Answer> forward(CallbackRoute route, VerifiedCallback callback, Span span) {
        CallbacksProperties.RouteSpec spec = route.spec();
        return http.headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .set(HttpHeaderNames.ACCEPT, "application/json")
                            .set(KmHeaders.CORRELATION_ID, callback.correlationId())
                            .set(ROUTE_HEADER, spec.id());
                    if (span != null) {
                        propagator.inject(span.context(), h, (headers, name, value) -> headers.set(name, value));
                    }
                })
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
