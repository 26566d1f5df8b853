package konagw.gateway.transport;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * How both upstream HTTP clients (the facade's and the passthrough routes') reach the vendor: TLS trust and client
 * certificate from a Spring Boot SSL bundle, an egress proxy, the connection pool. Checked where it is bound (the
 * compact constructor): every problem is listed at once and startup stops; whether the bundle exists is checked by
 * {@link UpstreamTransport}, which has the bundles.
 *
 * @param ssl   TLS towards the vendor.
 * @param proxy Egress proxy towards the vendor.
 * @param pool  Connection pool of each upstream client.
 */
@ConfigurationProperties("konaplate")
public record TransportProperties(@DefaultValue Ssl ssl, @DefaultValue Proxy proxy, @DefaultValue Pool pool) {

    public TransportProperties {
        Problems problems = new Problems();
        proxy.validate(problems);
        pool.validate(problems);
        problems.throwIfAny();
    }

    /**
     * @param bundle Name of a Spring Boot SSL bundle (spring.ssl.bundle.pem.NAME or spring.ssl.bundle.jks.NAME): its
     *               trust store verifies the vendor, its key store, if any, is the client certificate (mTLS). Unset:
     *               the JDK's trust store and no client certificate.
     */
    public record Ssl(String bundle) {

        public boolean configured() {
            return bundle != null && !bundle.isBlank();
        }
    }

    public enum ProxyType {
        HTTP, SOCKS5
    }

    /**
     * @param type           Proxy protocol: http (CONNECT for https) or socks5.
     * @param host           Proxy host; unset: no proxy.
     * @param port           Proxy port, 1-65535, required with a host.
     * @param username       User name for the proxy, if it asks for one.
     * @param password       Password of that user (from a Secret); never logged.
     * @param nonProxyHosts  Hosts reached directly, not through the proxy: exact names or patterns with a leading or
     *                       trailing '*', e.g. *.internal.
     */
    public record Proxy(@DefaultValue("http") ProxyType type, String host, Integer port, String username,
            String password, List<String> nonProxyHosts) {

        public Proxy {
            nonProxyHosts = nonProxyHosts == null ? List.of()
                    : nonProxyHosts.stream().filter(h -> h != null && !h.isBlank()).map(String::trim).toList();
        }

        public boolean configured() {
            return host != null && !host.isBlank();
        }

        void validate(Problems problems) {
            if (!configured()) {
                if (port != null || username != null || password != null) {
                    problems.add("konaplate.proxy.host is required when konaplate.proxy.port, username or password "
                            + "is set");
                }
                return;
            }
            if (port == null || port < 1 || port > 65535) {
                problems.add("konaplate.proxy.port must be within 1..65535 when konaplate.proxy.host is set");
            }
            boolean user = username != null && !username.isBlank();
            boolean secret = password != null && !password.isEmpty();
            if (user && !secret) {
                problems.add("konaplate.proxy.password is required with konaplate.proxy.username");
            } else if (!user && secret) {
                problems.add("konaplate.proxy.username is required with konaplate.proxy.password");
            }
            for (String pattern : nonProxyHosts) {
                String inner = pattern.replaceFirst("^\\*", "").replaceFirst("\\*$", "");
                if (inner.isEmpty() || inner.contains("*")) {
                    problems.add("konaplate.proxy.non-proxy-hosts: each entry is a host name, optionally with a "
                            + "leading or trailing '*' (got '" + pattern + "')");
                }
            }
        }

        @Override
        public String toString() {
            return "Proxy[type=" + type.name().toLowerCase(Locale.ROOT) + ", host=" + host + ", port=" + port
                    + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                    + ", nonProxyHosts=" + nonProxyHosts + "]";
        }
    }

    /**
     * The defaults keep a pooled connection well below the idle timeouts of common load balancers (AWS ALB/NLB
     * 60 s/350 s, many on-premise LBs 30-60 s), so the gateway closes an idle connection before a LB drops it
     * silently and the next request meets a reset.
     *
     * @param maxConnections        Connections each client may hold open to the vendor.
     * @param maxIdleTime           A connection idle this long is closed, not reused: keep it below the vendor load
     *                              balancer's idle timeout.
     * @param maxLifeTime           A connection is closed after this long however busy it is, so DNS and load
     *                              balancer changes are followed.
     * @param pendingAcquireTimeout How long a request waits for a free connection when all are in use.
     * @param evictInBackground     How often idle and expired connections are closed in the background (0 turns this
     *                              off: they are then closed when next acquired).
     */
    public record Pool(@DefaultValue("500") int maxConnections, @DefaultValue("20s") Duration maxIdleTime,
            @DefaultValue("5m") Duration maxLifeTime, @DefaultValue("45s") Duration pendingAcquireTimeout,
            @DefaultValue("30s") Duration evictInBackground) {

        void validate(Problems problems) {
            if (maxConnections < 1) {
                problems.add("konaplate.pool.max-connections must be at least 1");
            }
            positive(problems, "konaplate.pool.max-idle-time", maxIdleTime);
            positive(problems, "konaplate.pool.max-life-time", maxLifeTime);
            positive(problems, "konaplate.pool.pending-acquire-timeout", pendingAcquireTimeout);
            if (evictInBackground == null || evictInBackground.isNegative()) {
                problems.add("konaplate.pool.evict-in-background must not be negative (0 turns it off)");
            }
        }

        private static void positive(Problems problems, String property, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                problems.add(property + " must be positive");
            }
        }
    }
}
