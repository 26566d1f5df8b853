package konagw.gateway.auth;

import org.springframework.web.server.ServerWebExchange;

/** The caller's client id, as {@link CallerAuthenticationWebFilter} established it (for rate limits and logs). */
public final class AuthenticatedClient {

    /** Exchange attribute ({@code String}): the authenticated client id. */
    public static final String ATTRIBUTE = "konagw.auth.clientId";
    /** The client id of every caller while authentication is off (no keys configured, local default). */
    public static final String ANONYMOUS = "anonymous";

    private AuthenticatedClient() {
    }

    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
