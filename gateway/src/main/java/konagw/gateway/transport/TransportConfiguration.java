package konagw.gateway.transport;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import konagw.gateway.upstream.KonaplateConnection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The {@link UpstreamTransport} and the two pools built from it: {@code konaplate} for the facade's client (see
 * {@code UpstreamConfiguration}) and {@code konaplate-passthrough} for Spring Cloud Gateway's, whose client this
 * configuration builds in place of Spring Cloud Gateway's default (which would have its own pool without idle limits,
 * and its own proxy and TLS settings).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TransportProperties.class)
public class TransportConfiguration {

    public static final String FACADE_POOL = "konaplate";
    public static final String PASSTHROUGH_POOL = "konaplate-passthrough";

    @Bean
    UpstreamTransport upstreamTransport(TransportProperties properties, KonaplateConnection connection,
            ObjectProvider<SslBundles> bundles) {
        return new UpstreamTransport(properties, connection.settings().baseUrl(), bundles.getIfAvailable());
    }

    @Bean(destroyMethod = "dispose")
    @Qualifier(FACADE_POOL)
    ConnectionProvider konaplateConnections(UpstreamTransport transport) {
        return transport.connectionProvider(FACADE_POOL);
    }

    @Bean(destroyMethod = "dispose")
    @Qualifier(PASSTHROUGH_POOL)
    ConnectionProvider passthroughConnections(UpstreamTransport transport) {
        return transport.connectionProvider(PASSTHROUGH_POOL);
    }

    /**
     * Spring Cloud Gateway's {@link HttpClient} (its factory backs off when one is defined): its own settings
     * ({@code spring.cloud.gateway.server.webflux.httpclient.*}: decoder, compression, wiretap, customizers) on the
     * passthrough pool, with the proxy and TLS of {@link UpstreamTransport} — one source of truth for both clients.
     */
    @Bean
    HttpClientFactory passthroughHttpClientFactory(HttpClientProperties properties, ServerProperties server,
            HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers, UpstreamTransport transport,
            @Qualifier(PASSTHROUGH_POOL) ConnectionProvider connections) {
        return new PassthroughHttpClientFactory(properties, server, sslConfigurer, customizers, transport, connections);
    }

    static final class PassthroughHttpClientFactory extends HttpClientFactory {

        private final UpstreamTransport transport;
        private final ConnectionProvider connections;

        PassthroughHttpClientFactory(HttpClientProperties properties, ServerProperties server,
                HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers,
                UpstreamTransport transport, ConnectionProvider connections) {
            super(properties, server, sslConfigurer, customizers);
            this.transport = transport;
            this.connections = connections;
        }

        @Override
        protected HttpClient createInstance() {
            return UpstreamTransport.withoutRetry(super.createInstance());
        }

        @Override
        protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
            return connections;
        }

        @Override
        protected HttpClient configureProxy(HttpClient client) {
            return transport.proxy(client);
        }

        @Override
        protected HttpClient configureSsl(HttpClient client) {
            return transport.tls() ? transport.secure(client) : super.configureSsl(client);
        }
    }
}
