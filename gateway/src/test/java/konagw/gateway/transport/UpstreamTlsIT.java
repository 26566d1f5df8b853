package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import konagw.sandbox.SandboxCertificates;
import konagw.sandbox.SandboxTls;

/**
 * The gateway reaches a real sandbox serving HTTPS with a test CA: trusted through a PEM SSL bundle
 * ({@code konaplate.ssl.bundle}), the facade's inquiry and a passthrough route both succeed; with mTLS required by
 * the sandbox, the bundle's key store is the client certificate.
 */
class UpstreamTlsIT {

    static final String BODY = "{\"memberId\":\"M-1001\",\"amount\":15000}";

    @Test
    void theFacadeAndThePassthroughReachTheVendorOverTlsTrustedThroughTheBundle() {
        SandboxTls tls = SandboxTls.selfSigned("localhost");
        try (TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = vendor.gatewayProperties();
            assertThat(properties.get("konaplate.base-url")).startsWith("https://localhost:");
            properties.put("konaplate.ssl.bundle", "vendor");
            properties.put("spring.ssl.bundle.pem.vendor.truststore.certificate",
                    vendor.write("ca.pem", pem(tls.authority().certificate())));
            try (TestGateway gateway = TestGateway.start(properties)) {
                assertThat(gateway.bean(UpstreamTransport.class).tls()).isTrue();
                String card = TestGateway.freshCard();
                gateway.inquire(card).expectStatus().isOk()
                        .expectHeader().valueEquals("X-Cache", "MISS")
                        .expectBody().jsonPath("$.accountNo").isNotEmpty();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk().expectBody().json(BODY);
                assertThat(vendor.sandbox.admin().inquiriesForCard(card)).isEqualTo(1);
                assertThat(vendor.sandbox.admin().requests(TestGateway.MEMBER)).isEqualTo(1);
                assertThat(vendor.sandbox.admin().violations()).isEmpty();
            }
        }
    }

    @Test
    void mutualTlsUsesTheBundlesKeyStoreAsTheClientCertificate() {
        SandboxCertificates.Authority clients = SandboxCertificates.authority("konagw client CA");
        SandboxTls tls = SandboxTls.selfSigned("localhost").requireClientCertificates(clients.certificate());
        SandboxCertificates.Issued client = clients.client("konagw gateway");
        try (TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = vendor.gatewayProperties();
            properties.put("konaplate.ssl.bundle", "vendor");
            properties.put("spring.ssl.bundle.pem.vendor.truststore.certificate",
                    vendor.write("ca.pem", pem(tls.authority().certificate())));
            properties.put("spring.ssl.bundle.pem.vendor.keystore.certificate",
                    vendor.write("client.crt", client.chainPem()));
            properties.put("spring.ssl.bundle.pem.vendor.keystore.private-key",
                    vendor.write("client.key", client.privateKeyPem()));
            try (TestGateway gateway = TestGateway.start(properties)) {
                String card = TestGateway.freshCard();
                gateway.inquire(card).expectStatus().isOk().expectBody().jsonPath("$.accountNo").isNotEmpty();
                gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isOk().expectBody().json(BODY);
                assertThat(vendor.sandbox.admin().inquiriesForCard(card)).isEqualTo(1);
                assertThat(vendor.sandbox.admin().requests(TestGateway.MEMBER)).isEqualTo(1);
            }
        }
    }

    static String pem(java.security.cert.X509Certificate certificate) {
        return konagw.core.keys.KeyMaterial.toPem(certificate);
    }
}
