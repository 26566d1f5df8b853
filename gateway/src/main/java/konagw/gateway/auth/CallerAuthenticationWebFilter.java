package konagw.gateway.auth;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request on the application port (facade, batch, passthrough, API docs) before any handler
 * mapping runs; the actuator has its own port. Sets {@link AuthenticatedClient#ATTRIBUTE}. A caller that is not
 * authenticated gets 401 {@code 900_005}. The {@code X-Api-Key} header is removed from the request once checked,
 * so nothing downstream can forward it. Requests to a separate management port pass untouched
 * ({@link ManagementPort}).
 */
public final class CallerAuthenticationWebFilter implements WebFilter, Ordered {

    public static final String API_KEY_HEADER = "X-Api-Key";
    /** Early: before rate limiting, handler mappings and the gateway's routes. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    private static final int MAX_MESH_IDENTITY = 256;

    private final AuthProperties.Mode mode;
    private final ApiKeys keys;
    private final String meshHeader;
    private final ProblemWriter problems;
    private final ManagementPort managementPort;

    CallerAuthenticationWebFilter(AuthProperties.Mode mode, ApiKeys keys, String meshHeader,
            ProblemWriter problems, ManagementPort managementPort) {
        this.managementPort = managementPort;
        this.mode = mode;
        this.keys = keys;
        this.meshHeader = meshHeader;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (managementPort.matches(exchange)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String clientId;
        if (mode == AuthProperties.Mode.MESH) {
            String identity = headers.getFirst(meshHeader);
            clientId = identity == null || identity.isBlank() || identity.length() > MAX_MESH_IDENTITY ? null
                    : identity.trim();
            if (clientId == null) {
                return unauthenticated(exchange, "The service mesh identity header " + meshHeader + " is missing.");
            }
        } else if (keys.isEmpty()) {
            clientId = AuthenticatedClient.ANONYMOUS;
        } else {
            String presented = headers.getFirst(API_KEY_HEADER);
            if (presented == null) {
                return unauthenticated(exchange, "The " + API_KEY_HEADER + " header is missing.");
            }
            clientId = keys.authenticate(presented);
            if (clientId == null) {
                return unauthenticated(exchange, "The " + API_KEY_HEADER + " is not valid.");
            }
        }
        exchange.getAttributes().put(AuthenticatedClient.ATTRIBUTE, clientId);
        if (!headers.containsHeader(API_KEY_HEADER)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(h -> h.remove(API_KEY_HEADER))
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    private Mono<Void> unauthenticated(ServerWebExchange exchange, String detail) {
        return problems.write(exchange, KonaCode.UNAUTHENTICATED, detail, null, null);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
