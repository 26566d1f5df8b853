package konagw.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.upstream.UpstreamPolicy;

/** {@code konagw.routes[n].*} is checked where it is bound, without Spring. */
class PassthroughPropertiesTest {

    static PassthroughProperties.RouteSpec route(String id, List<String> paths, Duration timeout, String breaker) {
        return new PassthroughProperties.RouteSpec(id, paths, true, timeout, breaker);
    }

    @Test
    void routesUnderApiWithUniqueIdsAreFine() {
        assertThat(new PassthroughProperties(List.of(
                route("charge", List.of("/api/v1/charge"), Duration.ofSeconds(2), UpstreamPolicy.PASSTHROUGH_INSTANCE),
                route("v2", List.of("/api/v2/**"), null, "konaplate-v2"))).routes()).hasSize(2);
        assertThat(new PassthroughProperties(null).routes()).isEmpty();
    }

    @Test
    void everyProblemIsListedAtOnceWithoutThePattern() {
        InvalidConfigurationException invalid = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new PassthroughProperties(List.of(
                        route("Charge!", List.of(), Duration.ZERO, " "),
                        route("dup", List.of("/api/../actuator/env"), null, UpstreamPolicy.PASSTHROUGH_INSTANCE),
                        route("dup", List.of("/api/x"), null, UpstreamPolicy.PASSTHROUGH_INSTANCE),
                        route(PassthroughConfiguration.DEFAULT_ROUTE_ID, List.of("/api/y"), null,
                                UpstreamPolicy.PASSTHROUGH_INSTANCE))));
        assertThat(invalid.problems()).containsExactly(
                "konagw.routes[0].id is required: 1-63 of [a-z0-9-], starting with a letter or digit",
                "konagw.routes[0].paths needs at least one path pattern under /api/",
                "konagw.routes[0].timeout must be positive",
                "konagw.routes[0].circuit-breaker must name a Resilience4j instance",
                "konagw.routes[1].paths: each pattern must start with /api/ (got a pattern that does not)",
                "konagw.routes[2].id must be unique and not " + PassthroughConfiguration.DEFAULT_ROUTE_ID,
                "konagw.routes[3].id must be unique and not " + PassthroughConfiguration.DEFAULT_ROUTE_ID);
        assertThat(invalid.getMessage()).doesNotContain("actuator");
    }
}
