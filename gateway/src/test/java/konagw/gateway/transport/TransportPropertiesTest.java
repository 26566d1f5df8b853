package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

import konagw.gateway.config.InvalidConfigurationException;

/** {@code konaplate.ssl/proxy/pool.*} bound as Spring binds them, and checked where they are bound. */
class TransportPropertiesTest {

    @Test
    void theDefaultsCloseIdleConnectionsBeforeALoadBalancerDoes() {
        TransportProperties properties = bind(Map.of());
        assertThat(properties.ssl().configured()).isFalse();
        assertThat(properties.proxy().configured()).isFalse();
        TransportProperties.Pool pool = properties.pool();
        assertThat(pool.maxConnections()).isEqualTo(500);
        assertThat(pool.maxIdleTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(pool.maxLifeTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(pool.pendingAcquireTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(pool.evictInBackground()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aProxyIsBoundWithoutShowingItsPassword() {
        TransportProperties properties = bind(Map.of("konaplate.proxy.type", "socks5",
                "konaplate.proxy.host", "proxy.internal", "konaplate.proxy.port", "1080",
                "konaplate.proxy.username", "gw", "konaplate.proxy.password", "hunter2-secret",
                "konaplate.proxy.non-proxy-hosts", "*.internal, localhost"));
        assertThat(properties.proxy().type()).isEqualTo(TransportProperties.ProxyType.SOCKS5);
        assertThat(properties.proxy().nonProxyHosts()).containsExactly("*.internal", "localhost");
        assertThat(properties.toString()).contains("proxy.internal").contains("***").doesNotContain("hunter2-secret");
    }

    @Test
    void everyProxyAndPoolProblemIsListedAtOnce() {
        InvalidConfigurationException failure = failure(Map.of("konaplate.proxy.host", "proxy.internal",
                "konaplate.proxy.port", "70000", "konaplate.proxy.username", "gw",
                "konaplate.proxy.non-proxy-hosts", "a*b", "konaplate.pool.max-idle-time", "0s",
                "konaplate.pool.max-connections", "0"));
        assertThat(failure.problems()).containsExactlyInAnyOrder(
                "konaplate.proxy.port must be within 1..65535 when konaplate.proxy.host is set",
                "konaplate.proxy.password is required with konaplate.proxy.username",
                "konaplate.proxy.non-proxy-hosts: each entry is a host name, optionally with a leading or trailing "
                        + "'*' (got 'a*b')",
                "konaplate.pool.max-connections must be at least 1",
                "konaplate.pool.max-idle-time must be positive");
        assertThat(failure(Map.of("konaplate.proxy.host", "proxy.internal")).problems())
                .containsExactly("konaplate.proxy.port must be within 1..65535 when konaplate.proxy.host is set");
        assertThat(failure(Map.of("konaplate.proxy.port", "3128", "konaplate.proxy.password", "x")).problems())
                .containsExactly("konaplate.proxy.host is required when konaplate.proxy.port, username or password "
                        + "is set");
    }

    @Test
    void anUnknownBundleIsNamedWithTheProperty() {
        TransportProperties properties = bind(Map.of("konaplate.ssl.bundle", "vendr"));
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
        Throwable thrown = catchThrowable(
                () -> new UpstreamTransport(properties, URI.create("https://konaplate.example"), bundles));
        assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
        assertThat(((InvalidConfigurationException) thrown).problems()).singleElement().asString()
                .startsWith("konaplate.ssl.bundle names SSL bundle 'vendr', which is not configured");
        Throwable plain = catchThrowable(
                () -> new UpstreamTransport(properties, URI.create("http://konaplate.example"), bundles));
        assertThat(((InvalidConfigurationException) plain).problems())
                .contains("konaplate.ssl.bundle is set but konaplate.base-url is not https: the bundle would not "
                        + "be used (use an https base URL, or remove the bundle)");
    }

    @Test
    void httpsWithoutABundleUsesTheJdkTrustStore() {
        UpstreamTransport transport = new UpstreamTransport(bind(Map.of()), URI.create("https://konaplate.example"),
                null);
        assertThat(transport.tls()).isTrue();
        assertThat(new UpstreamTransport(bind(Map.of()), URI.create("http://127.0.0.1:1"), null).tls()).isFalse();
    }

    @Test
    void nonProxyHostsMatchExactNamesAndWildcards() {
        Predicate<java.net.SocketAddress> direct = UpstreamTransport.nonProxyHosts(
                List.of("*.internal", "localhost", "10.1.*"));
        assertThat(direct).accepts(InetSocketAddress.createUnresolved("vendor.internal", 443),
                InetSocketAddress.createUnresolved("LOCALHOST", 443),
                InetSocketAddress.createUnresolved("10.1.2.3", 443));
        assertThat(direct).rejects(InetSocketAddress.createUnresolved("konaplate.example", 443),
                InetSocketAddress.createUnresolved("internal", 443),
                InetSocketAddress.createUnresolved("localhost.example", 443));
    }

    private static TransportProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("konaplate",
                TransportProperties.class);
    }

    private static InvalidConfigurationException failure(Map<String, String> values) {
        Throwable thrown = catchThrowable(() -> bind(values));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("binding did not fail with InvalidConfigurationException", thrown);
    }
}
