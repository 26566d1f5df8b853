package konagw.gateway.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import konagw.gateway.config.Problems;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.ProxyProvider;

/**
 * The one place that decides how the gateway's HTTP clients reach the vendor; both the facade's client and the
 * passthrough routes' Spring Cloud Gateway client are built through it, each with its own pool:
 * <ul>
 * <li>TLS for an {@code https} base URL: trust (and, for mTLS, the client certificate) from the SSL bundle
 * {@code konaplate.ssl.bundle}, or the JDK's trust store without one; TLS 1.2 or 1.3 only; host name verification
 * always on. A bundle reloaded on update is used by every connection opened afterwards;</li>
 * <li>the egress proxy {@code konaplate.proxy.*}, with its {@code non-proxy-hosts};</li>
 * <li>the pool {@code konaplate.pool.*}.</li>
 * </ul>
 * Misconfiguration (an unknown bundle, a bundle for a plain-http base URL, protocols below TLS 1.2) refuses startup.
 */
public final class UpstreamTransport {

    static final String HTTPS = "HTTPS";
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    private static final Logger log = LoggerFactory.getLogger(UpstreamTransport.class);

    private final TransportProperties properties;
    private final URI baseUrl;
    private final SwappableSslContext sslContext;

    /**
     * @param bundles the application's SSL bundles; only needed when {@code konaplate.ssl.bundle} is set
     */
    public UpstreamTransport(TransportProperties properties, URI baseUrl, SslBundles bundles) {
        this.properties = properties;
        this.baseUrl = baseUrl;
        Problems problems = new Problems();
        boolean https = "https".equalsIgnoreCase(baseUrl.getScheme());
        String bundleName = properties.ssl().configured() ? properties.ssl().bundle() : null;
        SslBundle bundle = null;
        if (bundleName != null) {
            if (!https) {
                problems.add("konaplate.ssl.bundle is set but konaplate.base-url is not https: the bundle would not "
                        + "be used (use an https base URL, or remove the bundle)");
            }
            bundle = bundle(bundles, bundleName, problems);
        }
        SslContext initial = null;
        if (https && problems.isEmpty()) {
            initial = build(bundle, bundleName, problems);
        }
        problems.throwIfAny();
        this.sslContext = initial == null ? null : new SwappableSslContext(initial);
        if (sslContext != null && bundleName != null) {
            bundles.addBundleUpdateHandler(bundleName, this::reload);
        }
        log.info("upstream transport: {} {}; proxy {}; pool {}", baseUrl.getScheme(), describeTls(bundle, bundleName, https),
                properties.proxy().configured() ? describeProxy(properties.proxy()) : "none", properties.pool());
    }

    /** A new pool for one of the clients, from {@code konaplate.pool.*}. */
    public ConnectionProvider connectionProvider(String name) {
        TransportProperties.Pool pool = properties.pool();
        ConnectionProvider.Builder builder = ConnectionProvider.builder(name)
                .maxConnections(pool.maxConnections())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(pool.pendingAcquireTimeout())
                .maxIdleTime(pool.maxIdleTime())
                .maxLifeTime(pool.maxLifeTime());
        if (!pool.evictInBackground().isZero()) {
            builder.evictInBackground(pool.evictInBackground());
        }
        return builder.build();
    }

    /** The proxy and TLS settings on {@code client} (built on one of this transport's pools), no retries. */
    public HttpClient configure(HttpClient client) {
        return withoutRetry(secure(proxy(client)));
    }

    /**
     * Reactor Netty resends a request once when its connection is reset; off, because retries belong to the
     * upstream guard: Reactor Netty's would resend the same correlation id and tran token, and a passthrough request
     * (a charge) must never reach the vendor twice.
     */
    public static HttpClient withoutRetry(HttpClient client) {
        return client.disableRetry(true);
    }

    /** The proxy, if one is configured; {@code client} unchanged otherwise. */
    public HttpClient proxy(HttpClient client) {
        TransportProperties.Proxy proxy = properties.proxy();
        if (!proxy.configured()) {
            return client;
        }
        Predicate<SocketAddress> direct = nonProxyHosts(proxy.nonProxyHosts());
        return client.proxy(spec -> {
            ProxyProvider.Builder builder = spec
                    .type(proxy.type() == TransportProperties.ProxyType.SOCKS5 ? ProxyProvider.Proxy.SOCKS5
                            : ProxyProvider.Proxy.HTTP)
                    .host(proxy.host())
                    .port(proxy.port())
                    .nonProxyHostsPredicate(direct);
            if (proxy.username() != null && !proxy.username().isBlank()) {
                String password = proxy.password();
                builder.username(proxy.username()).password(user -> password);
            }
        });
    }

    /** TLS for an https base URL; {@code client} unchanged for plain http. */
    public HttpClient secure(HttpClient client) {
        if (sslContext == null) {
            return client;
        }
        return client.secure(spec -> spec.sslContext(sslContext));
    }

    /** Whether the vendor is reached over TLS. */
    public boolean tls() {
        return sslContext != null;
    }

    /** The context new connections use now (for tests of the renewal). */
    SslContext currentSslContext() {
        return sslContext == null ? null : sslContext.current();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    private void reload(SslBundle bundle) {
        Problems problems = new Problems();
        SslContext next = build(bundle, properties.ssl().bundle(), problems);
        if (next == null || !problems.isEmpty()) {
            // keep what works: the old certificate may still be valid for a while, a broken one never is
            log.warn("upstream TLS: SSL bundle '{}' changed but cannot be used, new connections keep the previous "
                    + "one: {}", properties.ssl().bundle(), problems.isEmpty() ? "unknown problem" : problems);
            return;
        }
        sslContext.swap(next);
        log.info("upstream TLS: SSL bundle '{}' reloaded; new connections use it ({})", properties.ssl().bundle(),
                bundle.getStores().getKeyStore() != null ? "with a client certificate" : "no client certificate");
    }

    private static SslBundle bundle(SslBundles bundles, String name, Problems problems) {
        if (bundles == null) {
            problems.add("konaplate.ssl.bundle names SSL bundle '" + name + "', but the application has no SSL "
                    + "bundles (configure spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name
                    + ".*)");
            return null;
        }
        try {
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            problems.add("konaplate.ssl.bundle names SSL bundle '" + name + "', which is not configured (configure "
                    + "spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name + ".*; configured: "
                    + bundles.getBundleNames() + ")");
            return null;
        }
    }

    /** A client context from the bundle, or from the JDK's defaults without one. */
    static SslContext build(SslBundle bundle, String bundleName, Problems problems) {
        SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(HTTPS);
        List<String> protocols = DEFAULT_PROTOCOLS;
        if (bundle != null) {
            SslOptions options = bundle.getOptions();
            builder.trustManager(bundle.getManagers().getTrustManagerFactory());
            if (bundle.getStores().getKeyStore() != null) {
                builder.keyManager(bundle.getManagers().getKeyManagerFactory());
            }
            if (options.getEnabledProtocols() != null) {
                protocols = Arrays.asList(options.getEnabledProtocols());
                List<String> weak = new ArrayList<>(protocols);
                weak.removeIf(ALLOWED_PROTOCOLS::contains);
                if (!weak.isEmpty() || protocols.isEmpty()) {
                    problems.add("spring.ssl.bundle.*." + bundleName + ".options.enabled-protocols may only name "
                            + "TLSv1.3 and TLSv1.2 (konaplate.ssl.bundle: the vendor is reached over TLS 1.2 or newer)");
                    return null;
                }
            }
            if (options.getCiphers() != null) {
                builder.ciphers(Arrays.asList(options.getCiphers()));
            }
        }
        builder.protocols(protocols);
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            problems.add("konaplate.ssl.bundle" + (bundleName == null ? " (unset, JDK defaults)" : " '" + bundleName
                    + "'") + ": cannot build a TLS client context (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Host patterns as the JDK's {@code http.nonProxyHosts} has them: exact (case-insensitive), {@code *.suffix},
     * {@code prefix*}. Matched against the host name of the request as written, before any DNS lookup.
     */
    static Predicate<SocketAddress> nonProxyHosts(List<String> patterns) {
        List<Predicate<String>> matchers = patterns.stream().map(UpstreamTransport::matcher).toList();
        return address -> {
            if (!(address instanceof InetSocketAddress inet)) {
                return false;
            }
            String host = inet.getHostString().toLowerCase(Locale.ROOT);
            return matchers.stream().anyMatch(m -> m.test(host));
        };
    }

    private static Predicate<String> matcher(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.startsWith("*")) {
            String suffix = p.substring(1);
            return host -> host.endsWith(suffix);
        }
        if (p.endsWith("*")) {
            String prefix = p.substring(0, p.length() - 1);
            return host -> host.startsWith(prefix);
        }
        return p::equals;
    }

    private static String describeTls(SslBundle bundle, String name, boolean https) {
        if (!https) {
            return "(no TLS)";
        }
        if (bundle == null) {
            return "TLS with the JDK's trust store, no client certificate";
        }
        return "TLS with SSL bundle '" + name + "' ("
                + (bundle.getStores().getKeyStore() != null ? "client certificate" : "no client certificate") + ")";
    }

    private static String describeProxy(TransportProperties.Proxy proxy) {
        return proxy.type().name().toLowerCase(Locale.ROOT) + "://" + proxy.host() + ":" + proxy.port()
                + (proxy.username() != null ? " as " + proxy.username() : "")
                + (proxy.nonProxyHosts().isEmpty() ? "" : ", direct to " + proxy.nonProxyHosts());
    }
}
