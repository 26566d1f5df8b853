package konagw.gateway.passthrough;

import java.time.Duration;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.protocol.KmHeaders;
import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.Problem;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a gateway problem ({@code application/problem+json}, the same {@link Problem} shape as the facade's
 * {@code ProblemResponses}) straight onto an exchange, for code that runs outside a handler function: web
 * filters, gateway filters, the passthrough exception handler.
 */
public final class ExchangeProblems {

    private final JsonMapper json;

    public ExchangeProblems(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, KonaCode code, String detail, String correlationId,
            Duration retryAfter) {
        return write(exchange.getResponse(), code, detail, correlationId, retryAfter);
    }

    public Mono<Void> write(ServerHttpResponse response, KonaCode code, String detail, String correlationId,
            Duration retryAfter) {
        byte[] body = json.writeValueAsBytes(
                Problem.of(code.httpStatus(), code.code(), code.message(), detail, correlationId));
        response.setStatusCode(HttpStatusCode.valueOf(code.httpStatus()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(body.length);
        if (correlationId != null) {
            headers.set(KmHeaders.CORRELATION_ID, correlationId);
        }
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
