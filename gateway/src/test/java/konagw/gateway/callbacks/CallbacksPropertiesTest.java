package konagw.gateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import konagw.gateway.config.InvalidConfigurationException;

class CallbacksPropertiesTest {

    private static CallbacksProperties.RouteSpec route(String id, String path, String to) {
        return new CallbacksProperties.RouteSpec(id, path, to == null ? null : URI.create(to), true, false,
                Duration.ofSeconds(5));
    }

    @Test
    void offWithoutAPort() {
        CallbacksProperties off = new CallbacksProperties(null, "0.0.0.0", Duration.ofMinutes(5), null);
        assertThat(off.enabled()).isFalse();
        assertThat(off.routes()).isEmpty();
        assertThat(off.replayWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void listsEveryProblemAtOnceWithoutValues() {
        assertThatThrownBy(() -> new CallbacksProperties(8090, "0.0.0.0", Duration.ZERO, List.of(
                route("payment", "/cb/payment", "http://payments.internal/cb"),
                route("payment", "/cb/payment", "ftp://payments.internal/cb"),
                route("Bad Id", "cb/*", "/relative"),
                route("refund", "/cb/refund", null))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "konagw.callbacks.max-skew must be positive",
                                "konagw.callbacks.routes[1].id repeats the id of an earlier route",
                                "konagw.callbacks.routes[1].path repeats the path of an earlier route",
                                "konagw.callbacks.routes[1].forward-to must be an absolute http(s) URL with a host",
                                "konagw.callbacks.routes[2].id is required: 1-63 of [a-z0-9-], starting with a letter or digit",
                                "konagw.callbacks.routes[2].path is required: an exact path starting with /, no wildcards",
                                "konagw.callbacks.routes[2].forward-to must be an absolute http(s) URL with a host",
                                "konagw.callbacks.routes[3].forward-to must be an absolute http(s) URL with a host"));
    }

    @Test
    void aPortNeedsRoutes() {
        assertThatThrownBy(() -> new CallbacksProperties(8090, "0.0.0.0", Duration.ofMinutes(5), List.of()))
                .hasMessageContaining("konagw.callbacks.routes needs at least one route");
    }

    @Test
    void theCallbackPortMustBeItsOwn() {
        CallbacksProperties onServerPort = new CallbacksProperties(8080, "0.0.0.0", Duration.ofMinutes(5),
                List.of(route("payment", "/cb/payment", "https://payments.internal/cb")));
        assertThatThrownBy(() -> CallbacksConfiguration.requireOwnPort(onServerPort, new MockEnvironment()))
                .hasMessageContaining("konagw.callbacks.port must differ from server.port");
        CallbacksProperties onManagementPort = new CallbacksProperties(8081, "0.0.0.0", Duration.ofMinutes(5),
                List.of(route("payment", "/cb/payment", "https://payments.internal/cb")));
        assertThatThrownBy(() -> CallbacksConfiguration.requireOwnPort(onManagementPort,
                new MockEnvironment().withProperty("management.server.port", "8081")))
                .hasMessageContaining("konagw.callbacks.port must differ from management.server.port");
        CallbacksConfiguration.requireOwnPort(new CallbacksProperties(8090, "0.0.0.0", Duration.ofMinutes(5),
                List.of(route("payment", "/cb/payment", "https://payments.internal/cb"))),
                new MockEnvironment().withProperty("management.server.port", "8081"));
    }
}
