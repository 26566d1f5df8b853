package konagw.gateway.problem;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.inquiry.VendorError;
import konagw.core.protocol.KmHeaders;
import konagw.core.protocol.KonaCode;
import konagw.gateway.logging.RequestMdc;
import konagw.gateway.upstream.UpstreamFailure;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of {@code application/problem+json}: for router handlers (a {@link ServerResponse}) and for code
 * that runs outside a handler — web filters, gateway filters, the passthrough's exception handler (straight onto the
 * exchange). Both render the same {@link Problem} with the same headers ({@code X-KM-Correlation-Id},
 * {@code Retry-After} in whole seconds, rounded up).
 */
public final class ProblemWriter {

    private static final Logger log = LoggerFactory.getLogger(ProblemWriter.class);
    private static final String CACHE_HEADER = "X-Cache";

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /** A problem and the {@code Retry-After} that goes with it ({@code null}: none). */
    private record Rendered(Problem problem, Duration retryAfter) {
    }

    /** A vendor answer such as {@code 003_029}: its own status and code, and where it came from. */
    public Mono<ServerResponse> vendorError(VendorError error, String correlationId, String cacheHeader) {
        String title = KonaCode.byCode(error.code()).map(KonaCode::message).orElse(error.message());
        return response(new Rendered(Problem.of(error.httpStatus(), error.code(), title, error.message(),
                correlationId), null), cacheHeader);
    }

    public Mono<ServerResponse> gateway(KonaCode code, String detail, String correlationId) {
        return response(gatewayProblem(code, detail, correlationId, null), null);
    }

    /** Maps any failure of a request to its problem; unexpected ones are logged, not shown. */
    public Mono<ServerResponse> failure(Throwable failure, String correlationId) {
        return Mono.deferContextual(context -> {
            try (var mdc = RequestMdc.restore(context)) { // an unexpected failure's line is the request's
                return response(render(failure, correlationId), null);
            }
        });
    }

    /** Writes a gateway problem onto an exchange (filters). */
    public Mono<Void> write(ServerWebExchange exchange, KonaCode code, String detail, String correlationId,
            Duration retryAfter) {
        return write(exchange.getResponse(), code, detail, correlationId, retryAfter);
    }

    public Mono<Void> write(ServerHttpResponse response, KonaCode code, String detail, String correlationId,
            Duration retryAfter) {
        return write(response, gatewayProblem(code, detail, correlationId, retryAfter));
    }

    /** Writes the problem a failure becomes onto a response (the passthrough's exception handler). */
    public Mono<Void> write(ServerHttpResponse response, Throwable failure, String correlationId) {
        return Mono.deferContextual(context -> {
            try (var mdc = RequestMdc.restore(context)) {
                return write(response, render(failure, correlationId));
            }
        });
    }

    private Rendered render(Throwable failure, String correlationId) {
        if (failure instanceof GatewayProblemException problem) {
            return gatewayProblem(problem.code(), problem.getMessage(), correlationId, null);
        }
        if (failure instanceof DataBufferLimitException) {
            return gatewayProblem(KonaCode.PAYLOAD_TOO_LARGE, "Request body exceeds the configured limit.",
                    correlationId, null);
        }
        if (failure instanceof UpstreamFailure upstream) {
            String id = upstream.correlationId() != null ? upstream.correlationId() : correlationId;
            return gatewayProblem(upstream.code(), upstream.getMessage(), id, upstream.retryAfter());
        }
        log.error("unexpected failure, correlationId={}", correlationId, failure);
        return gatewayProblem(KonaCode.INTERNAL_ERROR,
                "The gateway failed unexpectedly; the correlation id identifies the log entry.", correlationId, null);
    }

    private static Rendered gatewayProblem(KonaCode code, String detail, String correlationId, Duration retryAfter) {
        return new Rendered(Problem.of(code.httpStatus(), code.code(), code.message(), detail, correlationId),
                retryAfter);
    }

    private Mono<ServerResponse> response(Rendered rendered, String cacheHeader) {
        Problem problem = rendered.problem();
        ServerResponse.BodyBuilder response = ServerResponse.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.correlationId() != null) {
            response.header(KmHeaders.CORRELATION_ID, problem.correlationId());
        }
        if (cacheHeader != null) {
            response.header(CACHE_HEADER, cacheHeader);
        }
        if (rendered.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(rendered.retryAfter()));
        }
        return response.bodyValue(json.writeValueAsBytes(problem));
    }

    private Mono<Void> write(ServerHttpResponse response, Rendered rendered) {
        Problem problem = rendered.problem();
        byte[] body = json.writeValueAsBytes(problem);
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(body.length);
        if (problem.correlationId() != null) {
            headers.set(KmHeaders.CORRELATION_ID, problem.correlationId());
        }
        if (rendered.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(rendered.retryAfter()));
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** Whole seconds, rounded up, at least one. */
    static String retryAfterSeconds(Duration retryAfter) {
        return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
