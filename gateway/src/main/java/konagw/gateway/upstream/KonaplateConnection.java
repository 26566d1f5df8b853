package konagw.gateway.upstream;

import konagw.core.client.KonaplateClientSettings;
import konagw.sandbox.SandboxServer;

/**
 * The upstream the gateway talks to: the configured vendor, or the sandbox started in-process for the
 * local default. Closing it stops the embedded sandbox, if any.
 *
 * @param keyFilesDigest the {@link KeyFileDigest} of the key files taken before the settings were read from them
 *        (so a change while they were read is seen by the first reload check); {@code null} for the embedded sandbox
 */
public record KonaplateConnection(KonaplateClientSettings settings, SandboxServer embeddedSandbox,
        byte[] keyFilesDigest) implements AutoCloseable {

    public KonaplateConnection(KonaplateClientSettings settings, SandboxServer embeddedSandbox) {
        this(settings, embeddedSandbox, null);
    }

    public boolean embedded() {
        return embeddedSandbox != null;
    }

    @Override
    public void close() {
        if (embeddedSandbox != null) {
            embeddedSandbox.close();
        }
    }
}
