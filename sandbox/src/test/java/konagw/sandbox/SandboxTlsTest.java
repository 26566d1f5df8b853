package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import konagw.core.card.CardNumber;
import konagw.core.client.KonaResponse;
import konagw.core.client.KonaplateClient;
import konagw.core.client.UpstreamTransportException;
import konagw.core.inquiry.VirtualAccount;
import reactor.netty.http.client.HttpClient;

/** The test CA and its certificates, and the sandbox serving HTTPS (mTLS too) to adapter-core's real client. */
class SandboxTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final CardNumber CARD = CardNumber.parse("9410000000000001");

    @Test
    void theAuthorityIssuesServerAndClientCertificatesThatVerify() throws Exception {
        SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw test CA");
        X509Certificate root = ca.certificate();
        assertThat(root.getBasicConstraints()).isZero(); // a CA, issuing end-entity certificates only
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        root.verify(root.getPublicKey());

        SandboxCertificates.Issued server = ca.server("localhost", "127.0.0.1");
        X509Certificate cert = server.certificate();
        cert.verify(root.getPublicKey());
        cert.checkValidity();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        assertThat(names).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(cert.getNotAfter()).isAfter(new Date(System.currentTimeMillis() + Duration.ofDays(29).toMillis()));

        SandboxCertificates.Issued client = ca.client("konagw gateway");
        client.certificate().verify(root.getPublicKey());
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThat(client.certificate().getSubjectAlternativeNames()).isNull();

        X509Certificate expired = ca.expiredServer("localhost").certificate();
        expired.verify(root.getPublicKey());
        assertThat(expired.getNotAfter()).isBefore(new Date());
    }

    @Test
    void issuedCertificatesRoundTripThroughPem(@TempDir Path dir) throws Exception {
        SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw test CA");
        SandboxCertificates.Issued server = ca.server("localhost");
        server.writeTo(dir, "server");
        ca.writeCertificate(dir.resolve("ca.pem"));
        SandboxTls tls = SandboxTls.fromPem("localhost", Files.readAllBytes(dir.resolve("server.crt")),
                Files.readAllBytes(dir.resolve("server.key")));
        assertThat(tls.chain()).containsExactly(server.certificate(), ca.certificate());
        assertThat(tls.privateKey().getEncoded()).isEqualTo(server.privateKey().getEncoded());
        assertThat(SandboxTls.readCertificates(Files.readAllBytes(dir.resolve("ca.pem")), "ca"))
                .containsExactly(ca.certificate());
        assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void theSandboxServesHttpsToAClientTrustingItsCa() throws SSLException {
        SandboxTls tls = SandboxTls.selfSigned("localhost");
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build(), tls)) {
            assertThat(sandbox.baseUrl().toString()).isEqualTo("https://localhost:" + sandbox.port());
            KonaplateClient trusting = TestClients.client(sandbox, https(trust(tls.authority().certificate())));
            assertThat(trusting.inquireVirtualAccount(CARD).block(TIMEOUT))
                    .isInstanceOf(KonaResponse.Success.class);

            // the JDK's trust store knows no test CA: the handshake fails, nothing reaches the API
            KonaplateClient untrusting = TestClients.client(sandbox, HttpClient.create());
            assertThatThrownBy(() -> untrusting.inquireVirtualAccount(CARD).block(TIMEOUT))
                    .isInstanceOf(UpstreamTransportException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
            assertThat(sandbox.admin().requests(KonaplateClient.INQUIRY_PATH)).isEqualTo(1);
        }
    }

    @Test
    void mutualTlsNeedsAClientCertificateFromTheGivenCa() throws SSLException {
        SandboxCertificates.Authority clients = SandboxCertificates.authority("konagw client CA");
        SandboxTls tls = SandboxTls.selfSigned("localhost").requireClientCertificates(clients.certificate());
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build(), tls)) {
            X509Certificate serverCa = tls.authority().certificate();
            SandboxCertificates.Issued gateway = clients.client("konagw gateway");
            SslContext withCertificate = SslContextBuilder.forClient().trustManager(serverCa)
                    .keyManager(gateway.privateKey(), gateway.certificate(), gateway.issuer()).build();
            KonaResponse<VirtualAccount> answer = TestClients.client(sandbox, https(withCertificate))
                    .inquireVirtualAccount(CARD).block(TIMEOUT);
            assertThat(answer).isInstanceOf(KonaResponse.Success.class);

            KonaplateClient anonymous = TestClients.client(sandbox, https(trust(serverCa)));
            assertThatThrownBy(() -> anonymous.inquireVirtualAccount(CARD).block(TIMEOUT))
                    .isInstanceOf(UpstreamTransportException.class);

            SandboxCertificates.Issued stranger = SandboxCertificates.authority("another CA").client("stranger");
            SslContext strangerContext = SslContextBuilder.forClient().trustManager(serverCa)
                    .keyManager(stranger.privateKey(), stranger.certificate()).build();
            assertThatThrownBy(() -> TestClients.client(sandbox, https(strangerContext))
                    .inquireVirtualAccount(CARD).block(TIMEOUT))
                    .isInstanceOf(UpstreamTransportException.class);
            assertThat(sandbox.admin().requests(KonaplateClient.INQUIRY_PATH)).isEqualTo(1);
        }
    }

    @Test
    void theStandaloneSandboxServesHttpsFromAGeneratedCertificateAndWritesItsCa(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("gateway-keys");
        try (org.springframework.context.ConfigurableApplicationContext ctx = SandboxApplication.application()
                .properties("spring.main.keep-alive=false", "spring.main.banner-mode=off")
                .run("--server.port=0", "--server.address=127.0.0.1", "--sandbox.tls.enabled=true",
                        "--sandbox.write-gateway-keys-to=" + out)) {
            SandboxServer sandbox = ctx.getBean(SandboxServer.class);
            assertThat(sandbox.baseUrl().getScheme()).isEqualTo("https");
            X509Certificate ca = SandboxTls.readCertificates(
                    Files.readAllBytes(out.resolve(SandboxApplication.TLS_CA_FILE)), "ca").get(0);
            assertThat(TestClients.client(sandbox, https(trust(ca))).inquireVirtualAccount(CARD).block(TIMEOUT))
                    .isInstanceOf(KonaResponse.Success.class);
        }
    }

    @Test
    void theStandaloneSandboxServesAGivenCertificateAndRequiresClientCertificates(@TempDir Path dir) throws Exception {
        SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw test CA");
        ca.server("localhost").writeTo(dir, "server");
        ca.writeCertificate(dir.resolve("ca.pem"));
        SandboxCertificates.Issued client = ca.client("konagw gateway");
        try (org.springframework.context.ConfigurableApplicationContext ctx = SandboxApplication.application()
                .properties("spring.main.keep-alive=false", "spring.main.banner-mode=off")
                .run("--server.port=0", "--server.address=127.0.0.1", "--sandbox.tls.enabled=true",
                        "--sandbox.tls.certificate=file:" + dir.resolve("server.crt"),
                        "--sandbox.tls.private-key=file:" + dir.resolve("server.key"),
                        "--sandbox.tls.client-ca=file:" + dir.resolve("ca.pem"))) {
            SandboxServer sandbox = ctx.getBean(SandboxServer.class);
            assertThat(sandbox.tls().mutual()).isTrue();
            SslContext mutual = SslContextBuilder.forClient().trustManager(ca.certificate())
                    .keyManager(client.privateKey(), client.certificate()).build();
            assertThat(TestClients.client(sandbox, https(mutual)).inquireVirtualAccount(CARD).block(TIMEOUT))
                    .isInstanceOf(KonaResponse.Success.class);
            assertThatThrownBy(() -> TestClients.client(sandbox, https(trust(ca.certificate())))
                    .inquireVirtualAccount(CARD).block(TIMEOUT)).isInstanceOf(UpstreamTransportException.class);
        }
    }

    private static SslContext trust(X509Certificate ca) throws SSLException {
        return SslContextBuilder.forClient().trustManager(ca).build();
    }

    private static HttpClient https(SslContext context) {
        return HttpClient.create().secure(spec -> spec.sslContext(context));
    }
}
