package konagw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

import konagw.core.keys.KeyMaterial;

/**
 * The gateway's half of the sandbox's key material: the server certificate (the gateway encrypts requests to it)
 * and, when the sandbox generated the client key pair, the client private key (the gateway decrypts answers with it).
 *
 * @param cryptoKeyId       the crypto key id both halves belong to
 * @param serverCertificate self-signed certificate of the sandbox's server public key
 * @param clientPrivateKey  the client private key, or {@code null} when the sandbox was configured with a client
 *                          public key only (the gateway then already holds the private key)
 */
public record SandboxKeys(String cryptoKeyId, X509Certificate serverCertificate, RSAPrivateKey clientPrivateKey) {

    public static final String SERVER_CERTIFICATE_FILE = "server-cert.pem";
    public static final String CLIENT_PRIVATE_KEY_FILE = "client-key.pem";

    public SandboxKeys {
        Objects.requireNonNull(cryptoKeyId, "cryptoKeyId");
        Objects.requireNonNull(serverCertificate, "serverCertificate");
    }

    /**
     * Writes {@value #SERVER_CERTIFICATE_FILE} and, when known, {@value #CLIENT_PRIVATE_KEY_FILE} (PKCS#8, owner-only
     * permissions where the file system supports them) into {@code dir}, creating it if needed.
     */
    public void writeGatewayHalf(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(SERVER_CERTIFICATE_FILE), KeyMaterial.toPem(serverCertificate),
                    StandardCharsets.US_ASCII);
            if (clientPrivateKey != null) {
                writeSecret(dir.resolve(CLIENT_PRIVATE_KEY_FILE), KeyMaterial.toPem(clientPrivateKey));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gateway's keys to " + dir, e);
        }
    }

    static void writeSecret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String toString() {
        return "SandboxKeys[cryptoKeyId=" + cryptoKeyId + ", serverCertificate="
                + serverCertificate.getSubjectX500Principal() + ", clientPrivateKey="
                + (clientPrivateKey == null ? "none" : "present") + "]";
    }
}
