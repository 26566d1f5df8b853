package konagw.sandbox;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * HTTPS for a {@link SandboxServer}: its certificate chain and key, the host name its base URL uses (one the
 * certificate names), and, for mTLS, the authorities whose client certificates it requires.
 *
 * @param hostName      host of the base URL ({@code https://<hostName>:<port>})
 * @param privateKey    the server certificate's private key
 * @param chain         the server certificate first, then its issuers
 * @param clientCas     authorities a client certificate must come from; empty: none asked for
 * @param authority     the authority that issued the server certificate when the sandbox generated it, else
 *                      {@code null}; what a client's trust store needs
 */
public record SandboxTls(String hostName, PrivateKey privateKey, List<X509Certificate> chain,
                         List<X509Certificate> clientCas, SandboxCertificates.Authority authority) {

    public SandboxTls {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain needs at least the server certificate");
        }
        clientCas = clientCas == null ? List.of() : List.copyOf(clientCas);
    }

    /** A server certificate for {@code hostName} from a new test authority ({@link #authority()}). */
    public static SandboxTls selfSigned(String hostName) {
        SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw sandbox test CA");
        return of(hostName, ca.server(hostName), ca);
    }

    /** An issued server certificate, served for {@code hostName}. */
    public static SandboxTls of(String hostName, SandboxCertificates.Issued server,
            SandboxCertificates.Authority authority) {
        return new SandboxTls(hostName, server.privateKey(), List.of(server.certificate(), server.issuer()), List.of(),
                authority);
    }

    /**
     * A given certificate chain and key (PEM: the certificate first, then its issuers; the key PKCS#8 or PKCS#1/SEC1,
     * unencrypted), served for {@code hostName}.
     */
    public static SandboxTls fromPem(String hostName, byte[] chainPem, byte[] privateKeyPem) {
        return new SandboxTls(hostName, readPrivateKey(privateKeyPem), readCertificates(chainPem, "certificate"),
                List.of(), null);
    }

    /** PEM certificates (a chain, or the authorities of client certificates). */
    public static List<X509Certificate> readCertificates(byte[] pem, String what) {
        try {
            List<X509Certificate> certificates = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pem))) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(what + ": no PEM certificate found");
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(what + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey readPrivateKey(byte[] pem) {
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                new java.io.InputStreamReader(new java.io.ByteArrayInputStream(pem),
                        java.nio.charset.StandardCharsets.US_ASCII))) {
            Object object = parser.readObject();
            org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter converter =
                    new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (object instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("private key: no unencrypted PEM private key found");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("private key: cannot read the PEM (" + e.getMessage() + ")", e);
        }
    }

    /** The same, requiring client certificates issued by {@code ca} (mTLS). */
    public SandboxTls requireClientCertificates(X509Certificate ca) {
        return requireClientCertificates(List.of(ca));
    }

    /** The same, requiring client certificates issued by one of {@code cas} (mTLS). */
    public SandboxTls requireClientCertificates(List<X509Certificate> cas) {
        return new SandboxTls(hostName, privateKey, chain, cas, authority);
    }

    public boolean mutual() {
        return !clientCas.isEmpty();
    }

    /** The Netty server context: TLS 1.2 and 1.3, the client certificate required when {@link #mutual()}. */
    SslContext serverContext() {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(privateKey, chain.toArray(X509Certificate[]::new))
                    .protocols("TLSv1.3", "TLSv1.2");
            if (mutual()) {
                builder.trustManager(clientCas).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the sandbox's TLS context", e);
        }
    }

    @Override
    public String toString() {
        return "SandboxTls[hostName=" + hostName + ", certificate=" + chain.get(0).getSubjectX500Principal()
                + ", mutual=" + mutual() + "]";
    }
}
