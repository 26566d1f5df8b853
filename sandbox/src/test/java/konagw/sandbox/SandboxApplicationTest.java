package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import konagw.core.card.CardNumber;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaResponse;
import konagw.core.client.UpstreamTransportException;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.keys.PemKeys;
import konagw.core.protocol.ApiCredentials;

/** The Spring Boot standalone mode: configuration binding, key loading/generation, faults from config. */
class SandboxApplicationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final CardNumber CARD = CardNumber.parse("9410000000000001");

    private static ConfigurableApplicationContext run(String... args) {
        return SandboxApplication.application()
                .properties("spring.main.keep-alive=false", "spring.main.banner-mode=off")
                .run(args);
    }

    @Test
    void generatesKeysAndWritesTheGatewayHalf(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("gateway-keys");
        try (ConfigurableApplicationContext ctx = run("--server.port=0", "--server.address=127.0.0.1",
                "--sandbox.write-gateway-keys-to=" + out,
                "--sandbox.faults.paths[/api/v1/echo].error-rate=1",
                "--sandbox.faults.paths[/api/v1/echo].error-status=503",
                "--sandbox.faults.global.fixed-latency=1ms")) {
            SandboxServer sandbox = ctx.getBean(SandboxServer.class);
            assertThat(sandbox.port()).isPositive();

            Properties credentials = new Properties();
            try (Reader r = Files.newBufferedReader(out.resolve(SandboxApplication.CREDENTIALS_FILE))) {
                credentials.load(r);
            }
            RSAPublicKey serverPublic = PemKeys.readPublicKey("server-cert.pem",
                    Files.readAllBytes(out.resolve(SandboxKeys.SERVER_CERTIFICATE_FILE)));
            RSAPrivateKey clientPrivate = PemKeys.readPrivateKey("client-key.pem",
                    Files.readAllBytes(out.resolve(SandboxKeys.CLIENT_PRIVATE_KEY_FILE)), null);
            String kid = credentials.getProperty("crypto-key-id");
            assertThat(kid).hasSize(32);
            assertThat(credentials.getProperty("asp-id")).isEqualTo("KONAGWSANDBOX01");

            KonaplateClient client = TestClients.client(sandbox.baseUrl(),
                    new ApiCredentials(credentials.getProperty("asp-id"), credentials.getProperty("access-key"),
                            credentials.getProperty("secret-key")),
                    kid, serverPublic, clientPrivate, JweSettings.defaults(), WireEnvelope.compact());
            KonaResponse<VirtualAccount> r = client.inquireVirtualAccount(CARD).block(TIMEOUT);
            assertThat(((KonaResponse.Success<VirtualAccount>) r).value().accountNo()).isEqualTo("79790000000001");

            assertThat(sandbox.admin().faults()).containsOnlyKeys("*", "/api/v1/echo");
            assertThatThrownBy(() -> client.exchange("/api/v1/echo", "{}".getBytes(), true).block(TIMEOUT))
                    .isInstanceOfSatisfying(UpstreamTransportException.class, e -> assertThat(e.status()).isEqualTo(503));
        }
    }

    @Test
    void startsWithConfiguredPemFiles(@TempDir Path dir) throws IOException {
        KeyPair server = KeyMaterial.generateRsa2048();
        KeyPair client = KeyMaterial.generateRsa2048();
        Path serverKey = Files.writeString(dir.resolve("server-key.pem"), KeyMaterial.toPem(server.getPrivate()));
        Path clientCert = Files.writeString(dir.resolve("client-cert.pem"),
                KeyMaterial.toPem(KeyMaterial.selfSignedCertificate(client, "konagw client")));
        ApiCredentials credentials = new ApiCredentials("KONAGWTESTASP01", "k".repeat(40), "s3cr3t");
        String kid = "00112233445566778899aabbccddeeff";
        try (ConfigurableApplicationContext ctx = run("--server.port=0",
                "--sandbox.asp-id=" + credentials.aspId(),
                "--sandbox.access-key=" + credentials.accessKey(),
                "--sandbox.secret-key=" + credentials.secretKey(),
                "--sandbox.crypto.key-id=" + kid,
                "--sandbox.crypto.server-private-key=file:" + serverKey,
                "--sandbox.crypto.client-public-key=file:" + clientCert,
                "--sandbox.crypto.key-management=RSA-OAEP",
                "--sandbox.crypto.content-encryption=A128GCM",
                "--sandbox.envelope=json:payload",
                "--sandbox.skew=2m",
                "--sandbox.encrypt-errors=true")) {
            SandboxServer sandbox = ctx.getBean(SandboxServer.class);
            assertThat(sandbox.settings().skew()).isEqualTo(Duration.ofMinutes(2));
            assertThat(sandbox.keys().clientPrivateKey()).isNull();
            assertThat(sandbox.keys().serverCertificate().getPublicKey()).isEqualTo(server.getPublic());
            JweSettings jwe = new JweSettings(konagw.core.jwe.KeyManagement.RSA_OAEP,
                    konagw.core.jwe.ContentEncryption.A128GCM);
            KonaplateClient konaplate = TestClients.client(sandbox.baseUrl(), credentials, kid,
                    (RSAPublicKey) server.getPublic(), (RSAPrivateKey) client.getPrivate(), jwe,
                    WireEnvelope.jsonField("payload"));
            assertThat(konaplate.inquireVirtualAccount(CARD).block(TIMEOUT)).isInstanceOf(KonaResponse.Success.class);
            KonaResponse<VirtualAccount> notFound = konaplate.inquireVirtualAccount(
                    CardNumber.parse("9410000000000029")).block(TIMEOUT);
            assertThat(((KonaResponse.Failure<VirtualAccount>) notFound).error().code()).isEqualTo("003_029");
        }
    }

    @Test
    void failsStartupOnInvalidConfiguration() {
        String quiet = "--logging.level.org.springframework=OFF";
        assertThatThrownBy(() -> run(quiet, "--server.port=0", "--sandbox.asp-id=TOO-SHORT"))
                .hasStackTraceContaining("sandbox.asp-id must be 15 characters");
        assertThatThrownBy(() -> run(quiet, "--server.port=0", "--sandbox.access-key=" + "a".repeat(40)))
                .hasStackTraceContaining("sandbox.access-key and sandbox.secret-key are configured together");
        assertThatThrownBy(() -> run(quiet, "--server.port=0",
                "--sandbox.crypto.client-public-key=file:/nonexistent.pem"))
                .hasStackTraceContaining("are configured together");
        assertThatThrownBy(() -> run(quiet, "--server.port=0", "--sandbox.faults.global.error-rate=1.5"))
                .hasStackTraceContaining("errorRate");
        assertThatThrownBy(() -> run(quiet, "--server.port=0", "--sandbox.envelope=xml"))
                .hasStackTraceContaining("unsupported wire envelope");
        assertThatThrownBy(() -> run(quiet, "--server.port=0", "--konagw.crypto.provider=openssl"))
                .hasStackTraceContaining("konagw.crypto.provider: unknown provider 'openssl'");
    }

    @Test
    void takesTheCryptoProviderFromAnyPropertySourceAndStillAnswers() {
        try (ConfigurableApplicationContext ctx = run("--server.port=0", "--server.address=127.0.0.1",
                "--konagw.crypto.provider=bc")) {
            SandboxServer sandbox = ctx.getBean(SandboxServer.class);
            assertThat(sandbox.settings().provider()).isEqualTo(JweProvider.BC);

            KonaplateClient konaplate = TestClients.client(sandbox);
            KonaResponse<VirtualAccount> answer = konaplate.inquireVirtualAccount(CARD).block(TIMEOUT);
            assertThat(answer).isInstanceOf(KonaResponse.Success.class);
        }
    }
}
