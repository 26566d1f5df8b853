package konagw.gateway.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;
import konagw.sandbox.SandboxTls;
import konagw.sandbox.SandboxKeys;

/**
 * The vendor of a transport test: a real sandbox started by the test (HTTPS when given TLS settings), its key files
 * in a temporary directory, and the {@code konaplate.*} properties a gateway needs to reach it.
 */
final class TestVendor implements AutoCloseable {

    final SandboxServer sandbox;
    final Path dir;

    private TestVendor(SandboxServer sandbox, Path dir) {
        this.sandbox = sandbox;
        this.dir = dir;
    }

    /** @param tls HTTPS settings, {@code null} for plain HTTP */
    static TestVendor start(SandboxTls tls) {
        try {
            Path dir = Files.createTempDirectory("konagw-transport-");
            SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build(), tls);
            sandbox.keys().writeGatewayHalf(dir);
            return new TestVendor(sandbox, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gateway's {@code konaplate.*} for this vendor, at its own base URL. */
    Map<String, String> gatewayProperties() {
        return gatewayProperties(sandbox.baseUrl().toString());
    }

    /** The gateway's {@code konaplate.*} for this vendor, reached at {@code baseUrl} (e.g. another host name). */
    Map<String, String> gatewayProperties(String baseUrl) {
        SandboxSettings s = sandbox.settings();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("konaplate.base-url", baseUrl);
        properties.put("konaplate.asp-id", s.credentials().aspId());
        properties.put("konaplate.access-key", s.credentials().accessKey());
        properties.put("konaplate.secret-key", s.credentials().secretKey());
        properties.put("konaplate.crypto.key-id", s.cryptoKeyId());
        properties.put("konaplate.crypto.server-public-key",
                "file:" + dir.resolve(SandboxKeys.SERVER_CERTIFICATE_FILE));
        properties.put("konaplate.crypto.client-private-key",
                "file:" + dir.resolve(SandboxKeys.CLIENT_PRIVATE_KEY_FILE));
        return properties;
    }

    /** Writes {@code pem} to {@code name} in the vendor's directory; a {@code file:} location of it. */
    String write(String name, String pem) {
        try {
            return "file:" + Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
