package konagw.gateway.callbacks;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.callbacks.*}: the listener for the vendor's callbacks, off unless a port is set. Checked where it is
 * bound (the compact constructor), every problem listed at once; the port's clash with the web server's and the
 * actuator's is checked by {@link CallbacksConfiguration}, which sees the environment.
 *
 * @param port    Port of the callback listener, its own Netty server serving only the callback routes; unset turns
 *                callbacks off. 0 picks a free port (tests).
 * @param host    Address the callback listener binds to.
 * @param maxSkew How far a callback's correlation id, tran time and token time may be from our clock; also how long an
 *                accepted correlation id is remembered against replay (twice this).
 * @param routes  Callback routes: id, path (exact), forward-to (the internal http(s) URL), encrypted (JWE body, default
 *                true), encrypt-response (answer the vendor with a JWE, default false), timeout (default 5s).
 */
@ConfigurationProperties("konagw.callbacks")
public record CallbacksProperties(Integer port, @DefaultValue("0.0.0.0") String host,
        @DefaultValue("5m") Duration maxSkew, List<RouteSpec> routes) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

    public CallbacksProperties {
        routes = routes == null ? List.of() : List.copyOf(routes);
        Problems problems = new Problems();
        validate(port, maxSkew, routes, problems);
        problems.throwIfAny();
    }

    public boolean enabled() {
        return port != null;
    }

    /** How long an accepted correlation id stays refused: an id is acceptable from skew before to skew after now. */
    public Duration replayWindow() {
        return maxSkew.multipliedBy(2);
    }

    /**
     * One callback route.
     *
     * @param id              route id: lower-case letters, digits, '-' (metric tag, breaker name callback-&lt;id&gt;)
     * @param path            exact request path the vendor calls, e.g. /callbacks/payment
     * @param forwardTo       absolute http(s) URL of the internal service that receives the plaintext JSON
     * @param encrypted       the vendor's body is a JWE to our client key (default true)
     * @param encryptResponse answer the vendor with a JWE to its server key (default false: plain JSON)
     * @param timeout         the most the internal service may take; slower answers the vendor 503
     */
    public record RouteSpec(String id, String path, URI forwardTo, @DefaultValue("true") boolean encrypted,
            @DefaultValue("false") boolean encryptResponse, @DefaultValue("5s") Duration timeout) {
    }

    private static void validate(Integer port, Duration maxSkew, List<RouteSpec> routes, Problems problems) {
        if (port != null && (port < 0 || port > 65535)) {
            problems.add("konagw.callbacks.port must be between 0 and 65535");
        }
        if (maxSkew == null || maxSkew.isNegative() || maxSkew.isZero()) {
            problems.add("konagw.callbacks.max-skew must be positive");
        }
        if (port != null && routes.isEmpty()) {
            problems.add("konagw.callbacks.routes needs at least one route when konagw.callbacks.port is set");
        }
        Set<String> ids = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteSpec route = routes.get(i);
            String name = "konagw.callbacks.routes[" + i + "]";
            if (route.id() == null || !ID.matcher(route.id()).matches()) {
                problems.add(name + ".id is required: 1-63 of [a-z0-9-], starting with a letter or digit");
            } else if (!ids.add(route.id())) {
                problems.add(name + ".id repeats the id of an earlier route");
            }
            if (route.path() == null || !PATH.matcher(route.path()).matches() || route.path().contains("..")) {
                problems.add(name + ".path is required: an exact path starting with /, no wildcards");
            } else if (!paths.add(route.path())) {
                problems.add(name + ".path repeats the path of an earlier route");
            }
            URI to = route.forwardTo();
            String scheme = to == null || to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            if (to == null || !to.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
                    || to.getHost() == null) {
                problems.add(name + ".forward-to must be an absolute http(s) URL with a host");
            }
            if (route.timeout() == null || route.timeout().isNegative() || route.timeout().isZero()) {
                problems.add(name + ".timeout must be positive");
            }
        }
    }
}
