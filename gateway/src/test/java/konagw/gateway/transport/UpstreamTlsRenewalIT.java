package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netty.handler.ssl.SslContext;
import konagw.sandbox.SandboxCertificates;
import konagw.sandbox.SandboxTls;

/**
 * A renewed client certificate reaches the running gateway: the SSL bundle reloads on update, and the connections
 * opened afterwards present the new certificate — no restart.
 */
class UpstreamTlsRenewalIT {

    @Test
    void aRenewedClientCertificateIsUsedWithoutARestart() throws Exception {
        SandboxCertificates.Authority clients = SandboxCertificates.authority("konagw client CA");
        SandboxTls tls = SandboxTls.selfSigned("localhost").requireClientCertificates(clients.certificate());
        // what a gateway holds before its renewal arrives: a certificate the vendor does not accept
        SandboxCertificates.Issued stale = SandboxCertificates.authority("retired CA").client("konagw gateway");
        try (TestVendor vendor = TestVendor.start(tls)) {
            Map<String, String> properties = vendor.gatewayProperties();
            properties.put("konaplate.ssl.bundle", "vendor");
            properties.put("spring.ssl.bundle.pem.vendor.reload-on-update", "true");
            properties.put("spring.ssl.bundle.watch.file.quiet-period", "200ms");
            properties.put("spring.ssl.bundle.pem.vendor.truststore.certificate",
                    vendor.write("ca.pem", UpstreamTlsIT.pem(tls.authority().certificate())));
            Path certs = Files.createDirectories(vendor.dir.resolve("client"));
            write(certs.resolve("tls.crt"), stale.chainPem());
            write(certs.resolve("tls.key"), stale.privateKeyPem());
            properties.put("spring.ssl.bundle.pem.vendor.keystore.certificate", "file:" + certs.resolve("tls.crt"));
            properties.put("spring.ssl.bundle.pem.vendor.keystore.private-key", "file:" + certs.resolve("tls.key"));
            try (TestGateway gateway = TestGateway.start(properties)) {
                UpstreamTransport transport = gateway.bean(UpstreamTransport.class);
                gateway.inquire(TestGateway.freshCard()).expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.code").isEqualTo("900_001");
                assertThat(vendor.sandbox.admin().totalRequests()).isZero();

                SslContext before = transport.currentSslContext();
                SandboxCertificates.Issued renewed = clients.client("konagw gateway");
                write(certs.resolve("tls.crt"), renewed.chainPem());
                write(certs.resolve("tls.key"), renewed.privateKeyPem());
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> transport.currentSslContext() != before);

                String card = TestGateway.freshCard();
                gateway.inquire(card).expectStatus().isOk().expectBody().jsonPath("$.accountNo").isNotEmpty();
                gateway.passthrough(TestGateway.MEMBER, "{\"n\":1}").expectStatus().isOk();
                assertThat(vendor.sandbox.admin().inquiriesForCard(card)).isEqualTo(1);
            }
        }
    }

    /** As a Secret volume update does: the new file appears whole. */
    private static void write(Path file, String pem) throws java.io.IOException {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), pem, StandardCharsets.US_ASCII);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
