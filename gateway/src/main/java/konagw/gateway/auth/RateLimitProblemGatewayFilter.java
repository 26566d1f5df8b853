package konagw.gateway.auth;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's RequestRateLimiter answers a denied request with a bare 429 ({@code setComplete()}); placed
 * before it, this filter turns that into problem+json {@code 900_004}, keeping the {@code X-RateLimit-*} headers.
 */
public final class RateLimitProblemGatewayFilter implements GatewayFilter, Ordered {

    /** Before the RequestRateLimiter filter of a passthrough route ({@link #LIMITER_ORDER}). */
    public static final int ORDER = -40;
    public static final int LIMITER_ORDER = -30;

    private final ProblemWriter problems;

    public RateLimitProblemGatewayFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                if (HttpStatus.TOO_MANY_REQUESTS.equals(getStatusCode()) && !isCommitted()) {
                    return problems.write(getDelegate(), KonaCode.RATE_LIMITED,
                            "Client rate limit exceeded; slow down.", null, java.time.Duration.ofSeconds(1));
                }
                return super.setComplete();
            }
        };
        return chain.filter(exchange.mutate().response(response).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
