package konagw.gateway.passthrough;

import java.util.Set;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import konagw.gateway.problem.ProblemWriter;
import konagw.gateway.problem.GatewayProblemException;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;

/**
 * Renders a passthrough route's {@link UpstreamFailure} or {@link GatewayProblemException} as {@code application/problem+json}, ahead of Boot's error handler (order -1).
 * The upstream's headers that routing copied onto the response are dropped first: the problem replaces the answer.
 */
public final class PassthroughExceptionHandler implements WebExceptionHandler, Ordered {

    private final ProblemWriter problems;

    public PassthroughExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!(failure instanceof UpstreamFailure) && !(failure instanceof GatewayProblemException)) {
            return Mono.error(failure);
        }
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        HttpHeaders headers = response.getHeaders();
        Set<String> upstreamHeaders = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES);
        if (upstreamHeaders != null) {
            upstreamHeaders.forEach(headers::remove);
        }
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.remove(KmHeaders.CRYPTO_KEY_ID);
        String correlationId = exchange.getAttribute(PassthroughAttributes.CORRELATION_ID);
        return problems.write(response, failure, correlationId);
    }

    @Override
    public int getOrder() {
        return -2;
    }
}
