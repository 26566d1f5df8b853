package konagw.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

import konagw.core.jwe.ContentEncryption;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.KeyManagement;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.PemKeys;
import konagw.core.protocol.ApiCredentials;

/**
 * The standalone sandbox: binds {@code sandbox.*} and {@code server.port}, starts a {@link SandboxServer} and keeps
 * the JVM alive until shutdown. No web stack of Spring's: the server is the plain Reactor Netty one.
 * <pre>java -jar sandbox/target/sandbox-*-exec.jar --server.port=8090 --sandbox.write-gateway-keys-to=/tmp/kp</pre>
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties({SandboxProperties.class, SandboxProperties.ServerBinding.class})
public class SandboxApplication {

    static final String CREDENTIALS_FILE = "credentials.properties";
    /** The generated test CA's certificate, written next to the gateway's keys: the gateway's TLS trust. */
    static final String TLS_CA_FILE = "tls-ca.pem";
    private static final Logger log = LoggerFactory.getLogger(SandboxApplication.class);

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@link #main} runs it (tests add properties). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SandboxApplication.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.keep-alive", "true", "spring.application.name", "konagw-sandbox"));
    }

    @Bean(destroyMethod = "close")
    SandboxServer sandboxServer(SandboxProperties properties, SandboxProperties.ServerBinding server,
            Environment environment) {
        SandboxSettings settings = settings(properties, server, provider(environment));
        log.info("crypto provider for JWE: {}", settings.provider().name().toLowerCase(java.util.Locale.ROOT));
        SandboxTls tls = tls(properties.tls());
        SandboxServer sandbox = SandboxServer.start(settings, tls);
        SandboxProperties.Faults faults = properties.faults();
        if (faults.global() != null) {
            sandbox.admin().setFault(null, faults.global().toFault());
        }
        faults.paths().forEach((path, fault) -> sandbox.admin().setFault(path, fault.toFault()));
        Path dir = properties.writeGatewayKeysTo();
        if (dir != null) {
            writeGatewayHalf(sandbox, properties, dir);
            if (tls != null && tls.authority() != null) {
                tls.authority().writeCertificate(dir.resolve(TLS_CA_FILE));
                log.info("wrote the sandbox's test CA certificate to {}", dir.resolve(TLS_CA_FILE));
            }
        }
        return sandbox;
    }

    /** {@code sandbox.tls.*} as the server's TLS settings, {@code null} for plain HTTP. */
    static SandboxTls tls(SandboxProperties.Tls p) {
        if (!p.enabled()) {
            return null;
        }
        if ((p.certificate() == null) != (p.privateKey() == null)) {
            throw new IllegalStateException("sandbox.tls.certificate and sandbox.tls.private-key are configured "
                    + "together (or both left out to generate a certificate for sandbox.tls.host-name)");
        }
        SandboxTls tls = p.certificate() == null ? SandboxTls.selfSigned(p.hostName())
                : SandboxTls.fromPem(p.hostName(), read(p.certificate(), "sandbox.tls.certificate"),
                        read(p.privateKey(), "sandbox.tls.private-key"));
        if (p.clientCa() != null) {
            tls = tls.requireClientCertificates(SandboxTls.readCertificates(read(p.clientCa(), "sandbox.tls.client-ca"),
                    "sandbox.tls.client-ca"));
        }
        return tls;
    }

    /**
     * {@code konagw.crypto.provider} = jdk | bc | accp from any property source (arguments, application.yaml,
     * {@code -D}, {@code KONAGW_CRYPTO_PROVIDER}), as in the gateway; an unknown name refuses startup, an ACCP that
     * cannot load here falls back to jdk with a warning.
     */
    static JweProvider provider(Environment environment) {
        return JweProvider.fromName(environment.getProperty(JweProvider.PROPERTY)).usable();
    }

    static SandboxSettings settings(SandboxProperties p, SandboxProperties.ServerBinding server, JweProvider provider) {
        SandboxSettings.Builder b = SandboxSettings.builder()
                .provider(provider)
                .host(server.address())
                .port(server.port())
                .skew(p.skew())
                .encryptErrors(p.encryptErrors())
                .envelope(WireEnvelope.parse(p.envelope()))
                .jwe(new JweSettings(KeyManagement.fromName(p.crypto().keyManagement()),
                        ContentEncryption.fromName(p.crypto().contentEncryption())));
        boolean anyCredential = p.aspId() != null || p.accessKey() != null || p.secretKey() != null;
        if (anyCredential) {
            if (p.accessKey() == null || p.secretKey() == null) {
                throw new IllegalStateException("sandbox.access-key and sandbox.secret-key are configured together"
                        + " (or both left out to generate them)");
            }
            b.credentials(new ApiCredentials(p.aspId() != null ? p.aspId() : SandboxSettings.Builder.DEFAULT_ASP_ID,
                    p.accessKey(), p.secretKey()));
        }
        if (p.crypto().keyId() != null) {
            b.cryptoKeyId(p.crypto().keyId());
        }
        Resource serverKey = p.crypto().serverPrivateKey();
        Resource clientKey = p.crypto().clientPublicKey();
        if ((serverKey == null) != (clientKey == null)) {
            throw new IllegalStateException("sandbox.crypto.server-private-key and sandbox.crypto.client-public-key"
                    + " are configured together (or both left out to generate both key pairs)");
        }
        if (serverKey != null) {
            String password = p.crypto().serverPrivateKeyPassword();
            RSAPrivateKey serverPrivate = PemKeys.readPrivateKey("sandbox.crypto.server-private-key",
                    read(serverKey, "sandbox.crypto.server-private-key"),
                    password == null ? null : password.toCharArray());
            b.serverKeys(new KeyPair(publicOf(serverPrivate), serverPrivate));
            b.clientPublicKey(PemKeys.readPublicKey("sandbox.crypto.client-public-key",
                    read(clientKey, "sandbox.crypto.client-public-key")));
        }
        return b.build();
    }

    private static void writeGatewayHalf(SandboxServer sandbox, SandboxProperties p, Path dir) {
        SandboxKeys keys = sandbox.keys();
        keys.writeGatewayHalf(dir);
        boolean generatedCredentials = p.accessKey() == null;
        if (generatedCredentials || p.crypto().keyId() == null) {
            ApiCredentials c = sandbox.settings().credentials();
            StringBuilder sb = new StringBuilder()
                    .append("# generated by the konagw sandbox at startup; valid for this sandbox run only\n")
                    .append("asp-id=").append(c.aspId()).append('\n')
                    .append("crypto-key-id=").append(keys.cryptoKeyId()).append('\n');
            if (generatedCredentials) {
                sb.append("access-key=").append(c.accessKey()).append('\n')
                        .append("secret-key=").append(c.secretKey()).append('\n');
            }
            try {
                SandboxKeys.writeSecret(dir.resolve(CREDENTIALS_FILE), sb.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(CREDENTIALS_FILE), e);
            }
        }
        log.info("wrote the gateway's half of the sandbox keys to {} ({}{}{})", dir, SandboxKeys.SERVER_CERTIFICATE_FILE,
                keys.clientPrivateKey() != null ? ", " + SandboxKeys.CLIENT_PRIVATE_KEY_FILE : "",
                generatedCredentials || p.crypto().keyId() == null ? ", " + CREDENTIALS_FILE : "");
    }

    private static byte[] read(Resource resource, String property) {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(property + ": cannot read " + resource.getDescription(), e);
        }
    }

    /** The public half of an RSA private key (PKCS#8 and PKCS#1 keys carry the public exponent). */
    static RSAPublicKey publicOf(RSAPrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("sandbox.crypto.server-private-key: the RSA key lacks its CRT parameters,"
                    + " so its public key cannot be derived");
        }
        BigInteger e = crt.getPublicExponent();
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), e));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot derive the server public key", ex);
        }
    }
}
