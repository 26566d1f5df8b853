package konagw.gateway.upstream;

import konagw.core.client.KonaplateClientSettings;
import konagw.sandbox.SandboxServer;

/**
 * The upstream the gateway talks to: the configured vendor, or the sandbox started in-process for the
 * local default. Closing it stops the embedded sandbox, if any.
 */
public record KonaplateConnection(KonaplateClientSettings settings, SandboxServer embeddedSandbox)
        implements AutoCloseable {

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
