package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import konagw.sandbox.SandboxTls;

/**
 * A real egress proxy (tinyproxy for HTTP, danted for SOCKS5, started by the test) carries both clients' traffic to
 * the sandbox — through a tunnel, TLS end to end — and {@code konaplate.proxy.non-proxy-hosts} bypasses it.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamProxyIT {

    static final String BODY = "{\"memberId\":\"M-2001\"}";
    static final String PASSWORD = "pr0xy-s3cret-never-logged";

    @BeforeAll
    static void tinyproxyInstalled() {
        assumeTrue(TinyProxy.installed(), "tinyproxy is not on PATH (apt-get install tinyproxy)");
    }

    @Test
    void anAuthenticatingProxyCarriesTheFacadeAndThePassthroughOverTls(CapturedOutput output) {
        SandboxTls tls = SandboxTls.selfSigned("localhost");
        try (TinyProxy proxy = TinyProxy.start("konagw", PASSWORD);
                TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = trusting(vendor, tls);
            properties.put("konaplate.proxy.host", "127.0.0.1");
            properties.put("konaplate.proxy.port", Integer.toString(proxy.port()));
            properties.put("konaplate.proxy.username", "konagw");
            properties.put("konaplate.proxy.password", PASSWORD);
            try (TestGateway gateway = TestGateway.start(properties)) {
                String card = TestGateway.freshCard();
                gateway.inquire(card).expectStatus().isOk().expectBody().jsonPath("$.accountNo").isNotEmpty();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk().expectBody().json(BODY);
                assertThat(vendor.sandbox.admin().inquiriesForCard(card)).isEqualTo(1);
                assertThat(vendor.sandbox.admin().requests(TestGateway.MEMBER)).isEqualTo(1);
            }
            String target = "CONNECT localhost:" + vendor.sandbox.port();
            // one tunnel per pool at least: the facade's and the passthrough's connections are not shared
            assertThat(proxy.requests()).filteredOn(line -> line.contains(target)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(output.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aProxyThatRefusesTheCredentialsIsAConnectFailure(CapturedOutput output) {
        SandboxTls tls = SandboxTls.selfSigned("localhost");
        try (TinyProxy proxy = TinyProxy.start("konagw", PASSWORD);
                TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = trusting(vendor, tls);
            properties.put("konaplate.proxy.host", "127.0.0.1");
            properties.put("konaplate.proxy.port", Integer.toString(proxy.port()));
            properties.put("konaplate.proxy.username", "konagw");
            properties.put("konaplate.proxy.password", "not-" + PASSWORD);
            try (TestGateway gateway = TestGateway.start(properties)) {
                gateway.inquire(TestGateway.freshCard()).expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.code").isEqualTo("900_001");
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.code").isEqualTo("900_001");
            }
            assertThat(vendor.sandbox.admin().totalRequests()).isZero();
            assertThat(output.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void plainHttpGoesThroughTheProxyToo() {
        try (TinyProxy proxy = TinyProxy.start(null, null); TestVendor vendor = TestVendor.start(null)) {
            String baseUrl = "http://localhost:" + vendor.sandbox.port();
            Map<String, String> properties = vendor.gatewayProperties(baseUrl);
            properties.put("konaplate.proxy.host", "127.0.0.1");
            properties.put("konaplate.proxy.port", Integer.toString(proxy.port()));
            try (TestGateway gateway = TestGateway.start(properties)) {
                gateway.inquire(TestGateway.freshCard()).expectStatus().isOk();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk().expectBody().json(BODY);
            }
            assertThat(proxy.requests()).anyMatch(line -> line.contains("localhost:" + vendor.sandbox.port()));
        }
    }

    @Test
    void nonProxyHostsAreReachedDirectly() {
        SandboxTls tls = SandboxTls.selfSigned("localhost");
        try (TinyProxy proxy = TinyProxy.start(null, null); TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = trusting(vendor, tls);
            properties.put("konaplate.proxy.host", "127.0.0.1");
            properties.put("konaplate.proxy.port", Integer.toString(proxy.port()));
            properties.put("konaplate.proxy.non-proxy-hosts", "*.internal,localhost");
            try (TestGateway gateway = TestGateway.start(properties)) {
                gateway.inquire(TestGateway.freshCard()).expectStatus().isOk();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk().expectBody().json(BODY);
            }
            assertThat(vendor.sandbox.admin().requests(TestGateway.MEMBER)).isEqualTo(1);
            assertThat(proxy.requests()).isEmpty();
        }
    }

    @Test
    void aSocks5ProxyCarriesTheFacadeAndThePassthroughOverTls() {
        assumeTrue(Danted.installed(), "danted is not installed (apt-get install dante-server)");
        SandboxTls tls = SandboxTls.selfSigned("localhost");
        try (Danted proxy = Danted.start(); TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = trusting(vendor, tls);
            properties.put("konaplate.proxy.type", "socks5");
            properties.put("konaplate.proxy.host", "127.0.0.1");
            properties.put("konaplate.proxy.port", Integer.toString(proxy.port()));
            try (TestGateway gateway = TestGateway.start(properties)) {
                String card = TestGateway.freshCard();
                gateway.inquire(card).expectStatus().isOk().expectBody().jsonPath("$.accountNo").isNotEmpty();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk().expectBody().json(BODY);
                assertThat(vendor.sandbox.admin().inquiriesForCard(card)).isEqualTo(1);
            }
            // danted logs each connection it made for a client: to the sandbox's port, once per pool at least
            assertThat(proxy.connects()).filteredOn(line -> line.endsWith("." + vendor.sandbox.port()))
                    .hasSizeGreaterThanOrEqualTo(2);
        }
    }

    private static Map<String, String> trusting(TestVendor vendor, SandboxTls tls) {
        Map<String, String> properties = vendor.gatewayProperties();
        properties.put("konaplate.ssl.bundle", "vendor");
        properties.put("spring.ssl.bundle.pem.vendor.truststore.certificate",
                vendor.write("ca.pem", UpstreamTlsIT.pem(tls.authority().certificate())));
        return properties;
    }
}
