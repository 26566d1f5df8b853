package konagw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import konagw.core.keys.KeyMaterial;

/**
 * Test TLS certificates (BouncyCastle): a certificate authority that issues server certificates for host names and
 * client certificates, so that the sandbox can serve HTTPS and the gateway's tests can trust it through a PEM
 * bundle. EC P-256 keys: generated in milliseconds, accepted by every TLS 1.2/1.3 stack.
 * <pre>
 * SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw test CA");
 * SandboxCertificates.Issued server = ca.server("localhost");
 * SandboxCertificates.Issued client = ca.client("konagw gateway");
 * </pre>
 */
public final class SandboxCertificates {

    /** How long issued certificates are valid unless asked otherwise. */
    public static final Duration VALIDITY = Duration.ofDays(30);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SandboxCertificates() {
    }

    /** A new self-signed certificate authority {@code CN=<name>}. */
    public static Authority authority(String name) {
        KeyPair keys = ecKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY.multipliedBy(12))),
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new Authority(keys, sign(builder, keys.getPrivate()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a test certificate authority", e);
        }
    }

    /**
     * A certificate authority and what it issues.
     *
     * @param keys        its key pair
     * @param certificate its self-signed certificate: what a trust store of the issued certificates holds
     */
    public record Authority(KeyPair keys, X509Certificate certificate) {

        public Authority {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(certificate, "certificate");
        }

        /**
         * A server certificate for these host names (DNS names, or IP literals as IP addresses), valid from an hour
         * ago for {@link SandboxCertificates#VALIDITY}.
         */
        public Issued server(String... hostNames) {
            Instant now = Instant.now();
            return issue(hostNames[0], List.of(hostNames), KeyPurposeId.id_kp_serverAuth,
                    now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
        }

        /** A server certificate for these host names that expired a day ago. */
        public Issued expiredServer(String... hostNames) {
            Instant now = Instant.now();
            return issue(hostNames[0], List.of(hostNames), KeyPurposeId.id_kp_serverAuth,
                    now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        }

        /** A client certificate {@code CN=<name>} for mTLS. */
        public Issued client(String name) {
            Instant now = Instant.now();
            return issue(name, List.of(), KeyPurposeId.id_kp_clientAuth, now.minus(Duration.ofHours(1)),
                    now.plus(VALIDITY));
        }

        private Issued issue(String commonName, List<String> hostNames, KeyPurposeId purpose, Instant notBefore,
                Instant notAfter) {
            KeyPair subjectKeys = ecKeyPair();
            try {
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                        Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName),
                        subjectKeys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                        .addExtension(Extension.authorityKeyIdentifier, false,
                                extensions.createAuthorityKeyIdentifier(certificate))
                        .addExtension(Extension.subjectKeyIdentifier, false,
                                extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
                if (!hostNames.isEmpty()) {
                    List<GeneralName> names = new ArrayList<>();
                    for (String host : hostNames) {
                        names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host)
                                : new GeneralName(GeneralName.dNSName, host));
                    }
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)));
                }
                return new Issued(subjectKeys.getPrivate(), sign(builder, keys.getPrivate()), certificate);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot issue a test certificate", e);
            }
        }

        /** Writes the authority's certificate as PEM (what a gateway's trust store needs). */
        public Path writeCertificate(Path file) {
            return write(file, KeyMaterial.toPem(certificate));
        }
    }

    /**
     * An issued certificate.
     *
     * @param privateKey  its private key
     * @param certificate the certificate
     * @param issuer      the authority's certificate that signed it
     */
    public record Issued(PrivateKey privateKey, X509Certificate certificate, X509Certificate issuer) {

        public Issued {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(issuer, "issuer");
        }

        /** The certificate, then its issuer's, as PEM. */
        public String chainPem() {
            return KeyMaterial.toPem(certificate) + KeyMaterial.toPem(issuer);
        }

        /** The private key as PKCS#8 PEM. */
        public String privateKeyPem() {
            return KeyMaterial.toPem(privateKey);
        }

        /** Writes {@code <name>.crt} (the chain) and {@code <name>.key} into {@code dir}; returns the directory. */
        public Path writeTo(Path dir, String name) {
            write(dir.resolve(name + ".crt"), chainPem());
            write(dir.resolve(name + ".key"), privateKeyPem());
            return dir;
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + " by " + issuer.getSubjectX500Principal()
                    + ", until " + certificate.getNotAfter().toInstant() + "]";
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a test certificate", e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation unavailable", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    static boolean isIpLiteral(String host) {
        if (host.contains(":")) {
            return true;
        }
        if (!host.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal: parsed, never looked up
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path write(Path file, String pem) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
