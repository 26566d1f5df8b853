package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import konagw.core.keys.KeyMaterial;

/**
 * upstream.tls / upstream.proxy / upstream.pool: what they render (the SSL bundle over a directory-mounted Secret,
 * the proxy with its password from a Secret and a NetworkPolicy rule to it, the pool settings), what the chart
 * refuses, and that Spring Boot loads the rendered bundle from real PEM files where the Secret is mounted.
 */
class UpstreamValuesTest {

    static final String BASE_URL = "https://openapi.konaplate.example/open-api";
    static final String TLS_DIR = "/etc/konagw/upstream-tls";

    static Map<String, Object> tls(boolean mtls) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("config.konaplate.base-url", BASE_URL);
        set.put("networkPolicy.egress.upstream.cidrs[0]", "203.0.113.0/26");
        set.put("upstream.tls.enabled", true);
        set.put("upstream.tls.existingSecret", "konaplate-tls");
        set.put("upstream.tls.mtls", mtls);
        return set;
    }

    static Map<String, Object> proxy() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("config.konaplate.base-url", BASE_URL);
        set.put("upstream.proxy.type", "http");
        set.put("upstream.proxy.host", "10.20.30.40");
        set.put("upstream.proxy.port", 3128);
        set.put("upstream.proxy.username", "konagw");
        set.put("upstream.proxy.existingSecret", "egress-proxy");
        set.put("upstream.proxy.nonProxyHosts", "*.svc.cluster.local|localhost");
        return set;
    }

    // --- defaults ----------------------------------------------------------------------------------------

    @Test
    void byDefaultNothingOfTheUpstreamIsRendered() {
        Rendered rendered = HelmChart.template();
        Map<String, Object> konaplate = Y.map(rendered.applicationYaml(), "konaplate");
        assertThat(konaplate).doesNotContainKeys("ssl", "proxy", "pool");
        assertThat(Y.map(rendered.applicationYaml(), "spring")).doesNotContainKey("ssl");
        assertThat(Y.maps(rendered.podSpec(), "volumes")).extracting(v -> v.get("name")).doesNotContain("upstream-tls");
        assertThat(Y.maps(rendered.container(), "env")).extracting(e -> e.get("name"))
                .doesNotContain("KONAPLATE_PROXY_PASSWORD");
        assertThat(egress(rendered)).as("DNS only").hasSize(1);
    }

    // --- TLS ---------------------------------------------------------------------------------------------

    @Test
    void tlsPointsTheBundleAtTheMountedCaAndReloadsIt() {
        Rendered rendered = HelmChart.template(tls(false));
        Map<String, Object> app = rendered.applicationYaml();
        assertThat(Y.str(app, "konaplate", "ssl", "bundle")).isEqualTo("konaplate");
        Map<String, Object> bundle = Y.map(app, "spring", "ssl", "bundle", "pem", "konaplate");
        assertThat(bundle).containsEntry("reload-on-update", true).doesNotContainKey("keystore");
        assertThat(Y.str(bundle, "truststore", "certificate")).isEqualTo("file:" + TLS_DIR + "/ca.crt");
        assertThat(Y.str(app, "konaplate", "crypto", "key-management")).as("the rest stays").isEqualTo("RSA-OAEP-256");

        Map<String, Object> mount = mount(rendered, "upstream-tls");
        assertThat(mount).containsEntry("mountPath", TLS_DIR).containsEntry("readOnly", true)
                .as("a directory mount: renewals reach the pod").doesNotContainKey("subPath");
        Map<String, Object> secret = Y.map(volume(rendered, "upstream-tls"), "secret");
        assertThat(secret).containsEntry("secretName", "konaplate-tls");
        assertThat(Y.maps(secret, "items")).extracting(i -> i.get("key")).containsExactly("ca.crt");
        ChartAssertions.assertHardened(rendered);
        ChartAssertions.assertNoOpenRules(rendered);
    }

    @Test
    void mtlsAddsTheClientCertificateAndKey() {
        Rendered rendered = HelmChart.template(tls(true));
        Map<String, Object> keystore = Y.map(rendered.applicationYaml(), "spring", "ssl", "bundle", "pem",
                "konaplate", "keystore");
        assertThat(keystore).containsEntry("certificate", "file:" + TLS_DIR + "/tls.crt")
                .containsEntry("private-key", "file:" + TLS_DIR + "/tls.key");
        assertThat(Y.maps(volume(rendered, "upstream-tls"), "secret", "items")).extracting(i -> i.get("key"))
                .containsExactly("ca.crt", "tls.crt", "tls.key");
    }

    /** The rendered bundle is one Spring Boot loads (and watches) from PEM files where the Secret is mounted. */
    @Test
    void springBootLoadsTheRenderedBundleFromTheMountedFiles(@TempDir Path root) throws Exception {
        KeyPair ca = KeyMaterial.generateRsa2048();
        KeyPair client = KeyMaterial.generateRsa2048();
        X509Certificate caCertificate = KeyMaterial.selfSignedCertificate(ca, "konaplate test CA");
        Path dir = Files.createDirectories(root.resolve(TLS_DIR.substring(1)));
        Files.writeString(dir.resolve("ca.crt"), KeyMaterial.toPem(caCertificate));
        Files.writeString(dir.resolve("tls.crt"), KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(client, "konagw")));
        Files.writeString(dir.resolve("tls.key"), KeyMaterial.toPem(client.getPrivate()));

        Map<String, Object> properties = new LinkedHashMap<>();
        RenderedEnvironment.of(HelmChart.template(tls(true))).applicationProperties().forEach((name, value) -> {
            if (name.startsWith("spring.ssl.") || name.startsWith("konaplate.ssl.")) {
                String text = value.toString();
                properties.put(name, text.startsWith("file:" + TLS_DIR + "/")
                        ? "file:" + root.resolve(text.substring("file:/".length())) : value);
            }
        });
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("rendered", properties));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SslAutoConfiguration.class)
                .web(WebApplicationType.NONE).environment(environment).run()) {
            String name = environment.getProperty("konaplate.ssl.bundle");
            SslBundle bundle = context.getBean(SslBundles.class).getBundle(name);
            KeyStore trust = bundle.getStores().getTrustStore();
            assertThat(java.util.Collections.list(trust.aliases())).singleElement()
                    .satisfies(alias -> assertThat(trust.getCertificate(alias)).isEqualTo(caCertificate));
            KeyStore keys = bundle.getStores().getKeyStore();
            assertThat(java.util.Collections.list(keys.aliases())).singleElement()
                    .satisfies(alias -> assertThat(keys.isKeyEntry(alias)).isTrue());
        }
    }

    @Test
    void tlsIsRefusedWithoutItsSecretOrOverPlainHttp() {
        Map<String, Object> noSecret = tls(false);
        noSecret.remove("upstream.tls.existingSecret");
        assertThat(HelmChart.templateError(noSecret))
                .contains("upstream.tls.enabled needs upstream.tls.existingSecret");
        Map<String, Object> http = tls(false);
        http.put("config.konaplate.base-url", "http://openapi.konaplate.example");
        assertThat(HelmChart.templateError(http)).contains("upstream.tls.enabled needs an https:// config.konaplate.base-url");
        assertThat(HelmChart.templateError(Map.of("upstream.tls.mtls", true)))
                .contains("upstream.tls.mtls needs upstream.tls.enabled");
    }

    // --- proxy -------------------------------------------------------------------------------------------

    @Test
    void theProxyIsConfiguredWithItsPasswordFromASecretAndReachableThroughTheNetworkPolicy() {
        Rendered rendered = HelmChart.template(proxy());
        Map<String, Object> configured = Y.map(rendered.applicationYaml(), "konaplate", "proxy");
        assertThat(configured).containsOnly(Map.entry("type", "http"), Map.entry("host", "10.20.30.40"),
                Map.entry("port", 3128), Map.entry("username", "konagw"),
                Map.entry("non-proxy-hosts", "*.svc.cluster.local|localhost"));
        assertThat(rendered.applicationYamlText()).doesNotContain("password");

        Map<String, Object> env = Y.maps(rendered.container(), "env").stream()
                .filter(e -> "KONAPLATE_PROXY_PASSWORD".equals(e.get("name"))).findFirst().orElseThrow();
        assertThat(Y.map(env, "valueFrom", "secretKeyRef")).containsOnly(Map.entry("name", "egress-proxy"),
                Map.entry("key", "proxy-password"));
        Binder binder = RenderedEnvironmentTest.binderOf(RenderedEnvironment.of(rendered).toSpringEnvironment());
        assertThat(binder.bind("konaplate.proxy.password", String.class).get())
                .isEqualTo(RenderedEnvironment.EXTERNAL.formatted("egress-proxy", "proxy-password"));
        assertThat(binder.bind("konaplate.proxy.port", Integer.class).get()).isEqualTo(3128);

        // the proxy's address (host/32 from an IPv4 host) and port; no upstream ranges needed behind a proxy
        assertThat(egress(rendered)).hasSize(2);
        Map<String, Object> rule = egress(rendered).get(1);
        assertThat(Y.maps(rule, "to")).containsExactly(Map.of("ipBlock", Map.of("cidr", "10.20.30.40/32")));
        assertThat(Y.maps(rule, "ports")).containsExactly(Map.of("port", 3128, "protocol", "TCP"));
        ChartAssertions.assertNoOpenRules(rendered);
    }

    @Test
    void aProxyByNameTakesItsRangesFromCidrs() {
        Map<String, Object> set = proxy();
        set.put("upstream.proxy.type", "socks5");
        set.put("upstream.proxy.host", "proxy.corp.example");
        assertThat(HelmChart.templateError(set)).contains(
                "networkPolicy is enabled and upstream.proxy.host is a name: list the proxy's addresses in upstream.proxy.cidrs");
        set.put("upstream.proxy.cidrs[0]", "192.0.2.0/28");
        set.put("upstream.proxy.cidrs[1]", "198.51.100.7/32");
        Rendered rendered = HelmChart.template(set);
        assertThat(Y.str(rendered.applicationYaml(), "konaplate", "proxy", "type")).isEqualTo("socks5");
        assertThat(Y.maps(egress(rendered).get(1), "to")).containsExactly(
                Map.of("ipBlock", Map.of("cidr", "192.0.2.0/28")), Map.of("ipBlock", Map.of("cidr", "198.51.100.7/32")));
        set.put("networkPolicy.enabled", false);
        assertThat(HelmChart.template(set).all("NetworkPolicy")).isEmpty();
    }

    @Test
    void anIncompleteProxyIsRefused() {
        Map<String, Object> noPort = proxy();
        noPort.remove("upstream.proxy.port");
        assertThat(HelmChart.templateError(noPort)).contains("upstream.proxy.host and upstream.proxy.port are required");
        Map<String, Object> noUser = proxy();
        noUser.remove("upstream.proxy.username");
        assertThat(HelmChart.templateError(noUser)).contains("upstream.proxy.existingSecret (the proxy password) needs upstream.proxy.username");
        assertThat(HelmChart.templateError(Map.of("upstream.proxy.host", "10.0.0.1")))
                .contains("upstream.proxy.type is empty");
        assertThat(HelmChart.templateError(Map.of("upstream.proxy.type", "https")))
                .contains("values don't meet the specifications of the schema").contains("/upstream/proxy/type");
    }

    // --- pool --------------------------------------------------------------------------------------------

    @Test
    void poolValuesRenderUnderTheApplicationsNames() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("upstream.pool.maxConnections", 200);
        set.put("upstream.pool.maxIdleTime", "15s");
        set.put("upstream.pool.maxLifeTime", "4m");
        set.put("upstream.pool.pendingAcquireTimeout", "2s");
        set.put("upstream.pool.evictInBackground", "20s");
        Map<String, Object> pool = Y.map(HelmChart.template(set).applicationYaml(), "konaplate", "pool");
        assertThat(pool).containsOnly(Map.entry("max-connections", 200), Map.entry("max-idle-time", "15s"),
                Map.entry("max-life-time", "4m"), Map.entry("pending-acquire-timeout", "2s"),
                Map.entry("evict-in-background", "20s"));
        assertThat(Y.map(HelmChart.template(Map.of("upstream.pool.maxIdleTime", "10s")).applicationYaml(),
                "konaplate", "pool")).as("only what is set").containsOnly(Map.entry("max-idle-time", "10s"));
        assertThat(HelmChart.templateError(Map.of("upstream.pool.maxIdleTime", "20 seconds")))
                .contains("/upstream/pool/maxIdleTime");
        assertThat(HelmChart.templateError(Map.of("upstream.pool.maxConnections", 0)))
                .contains("/upstream/pool/maxConnections");
    }

    @Test
    void everyUpstreamValueTogetherRenders() {
        Rendered rendered = HelmChart.template(TestValues.UPSTREAM);
        Map<String, Object> app = rendered.applicationYaml();
        assertThat(Y.map(app, "konaplate")).containsKeys("ssl", "proxy", "pool");
        assertThat(Y.map(app, "spring", "ssl", "bundle", "pem", "konaplate")).containsKeys("truststore", "keystore");
        assertThat(egress(rendered)).hasSize(2);
        ChartAssertions.assertHardened(rendered);
        ChartAssertions.assertNoOpenRules(rendered);
    }

    // --- helpers -----------------------------------------------------------------------------------------

    static List<Map<String, Object>> egress(Rendered rendered) {
        return Y.maps(rendered.one("NetworkPolicy"), "spec", "egress");
    }

    static Map<String, Object> mount(Rendered rendered, String name) {
        return Y.maps(rendered.container(), "volumeMounts").stream().filter(m -> name.equals(m.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume mount " + name));
    }

    static Map<String, Object> volume(Rendered rendered, String name) {
        return Y.maps(rendered.podSpec(), "volumes").stream().filter(v -> name.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
