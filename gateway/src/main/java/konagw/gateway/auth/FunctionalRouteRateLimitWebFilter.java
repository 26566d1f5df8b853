package konagw.gateway.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-client limit for the facade's functional routes (inquiry, eviction, batch): they are WebFlux router
 * functions, not Spring Cloud Gateway routes, so the gateway's RequestRateLimiter filter never sees them. This
 * filter asks the same {@code RedisRateLimiter} ({@code isAllowed("facade", clientId)}) for requests a router
 * function will serve — the same test the RouterFunctionMapping (which wins over the gateway's mapping) applies —
 * and leaves every other request to the passthrough routes' own RequestRateLimiter. Denied → 429 {@code 900_004}.
 */
public final class FunctionalRouteRateLimitWebFilter implements WebFilter, Ordered {

    public static final int ORDER = CallerAuthenticationWebFilter.ORDER + 10;

    private final ClientRateLimiter limiter;
    private final ObjectProvider<RouterFunctionMapping> mapping;
    private final List<HttpMessageReader<?>> readers;
    private final ProblemWriter problems;
    private volatile List<RouterFunction<?>> functions;

    FunctionalRouteRateLimitWebFilter(ClientRateLimiter limiter, ObjectProvider<RouterFunctionMapping> mapping,
            List<HttpMessageReader<?>> readers, ProblemWriter problems) {
        this.limiter = limiter;
        this.mapping = mapping;
        this.readers = readers;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limiter.enabled()) {
            return chain.filter(exchange);
        }
        String clientId = AuthenticatedClient.of(exchange);
        if (clientId == null) {
            return chain.filter(exchange);
        }
        ServerRequest request = ServerRequest.create(exchange, readers);
        return Flux.fromIterable(routerFunctions())
                .concatMap(routes -> routes.route(request).hasElement())
                .any(Boolean::booleanValue)
                .flatMap(functional -> !functional ? chain.filter(exchange)
                        : limiter.isAllowed(ClientRateLimiter.FACADE_ROUTE_ID, clientId).flatMap(answer -> {
                            answer.getHeaders().forEach(exchange.getResponse().getHeaders()::add);
                            return answer.isAllowed() ? chain.filter(exchange)
                                    : problems.write(exchange, KonaCode.RATE_LIMITED,
                                            "Client rate limit exceeded; slow down.", null, Duration.ofSeconds(1));
                        }));
    }

    /** Every router function the application serves (the facade's, the batch's, Boot's welcome page). */
    private List<RouterFunction<?>> routerFunctions() {
        List<RouterFunction<?>> resolved = functions;
        if (resolved == null) {
            resolved = mapping.orderedStream().map(RouterFunctionMapping::getRouterFunction)
                    .filter(java.util.Objects::nonNull).<RouterFunction<?>>map(f -> f).toList();
            functions = resolved;
        }
        return resolved;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
