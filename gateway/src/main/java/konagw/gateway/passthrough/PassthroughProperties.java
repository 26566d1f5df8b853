package konagw.gateway.passthrough;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.routes[n].*}: per-path overrides of the default passthrough route ({@code /api/**}, encrypted,
 * breaker and time limiter {@code konaplate-passthrough}). Listed routes are matched in order, before the default.
 * Checked where it is bound (the compact constructor): every problem is listed at once, and startup stops.
 *
 * @param routes Per-path overrides of the default passthrough route, matched in order; each has id, paths (patterns
 *               under /api/), encrypted (default true), timeout and circuit-breaker (default konaplate-passthrough).
 */
@ConfigurationProperties("konagw")
public record PassthroughProperties(List<RouteSpec> routes) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public PassthroughProperties {
        routes = routes == null ? List.of() : List.copyOf(routes);
        Problems problems = new Problems();
        validate(routes, problems);
        problems.throwIfAny();
    }

    /**
     * One route.
     *
     * @param id             route id: lower-case letters, digits, '-' (names metrics and derived time limiters)
     * @param paths          Spring path patterns under {@code /api/}, e.g. {@code /api/v1/charge} or {@code /api/v2/**}
     * @param encrypted      JWE request body (default true); a JWE answer is decrypted either way
     * @param timeout        a tighter time limit than the breaker instance's time limiter, if set
     * @param circuitBreaker Resilience4j circuit breaker and time limiter instance (default konaplate-passthrough)
     */
    public record RouteSpec(String id, List<String> paths, @DefaultValue("true") boolean encrypted, Duration timeout,
            @DefaultValue(konagw.gateway.upstream.UpstreamPolicy.PASSTHROUGH_INSTANCE) String circuitBreaker) {

        public RouteSpec {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    private static void validate(List<RouteSpec> routes, Problems problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteSpec route = routes.get(i);
            String name = "konagw.routes[" + i + "]";
            if (route.id() == null || !ID.matcher(route.id()).matches()) {
                problems.add(name + ".id is required: 1-63 of [a-z0-9-], starting with a letter or digit");
            } else if (route.id().equals(PassthroughConfiguration.DEFAULT_ROUTE_ID) || !ids.add(route.id())) {
                problems.add(name + ".id must be unique and not " + PassthroughConfiguration.DEFAULT_ROUTE_ID);
            }
            if (route.paths().isEmpty()) {
                problems.add(name + ".paths needs at least one path pattern under /api/");
            }
            for (String path : route.paths()) {
                if (path == null || !path.startsWith("/api/") || path.contains("..")) {
                    problems.add(name + ".paths: each pattern must start with /api/ (got a pattern that does not)");
                    break;
                }
            }
            if (route.timeout() != null && (route.timeout().isNegative() || route.timeout().isZero())) {
                problems.add(name + ".timeout must be positive");
            }
            if (route.circuitBreaker() == null || route.circuitBreaker().isBlank()) {
                problems.add(name + ".circuit-breaker must name a Resilience4j instance");
            }
        }
    }
}
