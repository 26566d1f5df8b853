package konagw.gateway.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real SOCKS5 proxy (Debian's {@code dante-server}, {@code danted}) started by the test on a free loopback port, as
 * a child process with its own configuration and log in a temporary directory. No authentication: danted's username
 * method checks system accounts, which a test should not create.
 */
final class Danted implements AutoCloseable {

    private final int port;
    private final Path log;
    private final Process process;

    private Danted(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static boolean installed() {
        return ProxyProcesses.executable("danted") != null;
    }

    static Danted start() {
        try {
            Path dir = Files.createTempDirectory("konagw-danted-");
            int port = ProxyProcesses.freePort();
            Path log = dir.resolve("danted.log");
            String conf = String.join("\n",
                    "logoutput: " + log,
                    "internal: 127.0.0.1 port = " + port,
                    "external: 127.0.0.1",
                    "clientmethod: none",
                    "socksmethod: none",
                    "user.unprivileged: nobody",
                    "client pass {", "  from: 127.0.0.0/8 to: 0.0.0.0/0", "  log: error connect", "}",
                    "socks pass {", "  from: 127.0.0.0/8 to: 0.0.0.0/0", "  command: connect", "  log: error connect",
                    "}", "");
            Path file = Files.writeString(dir.resolve("danted.conf"), conf, StandardCharsets.US_ASCII);
            return new Danted(port, log, ProxyProcesses.launch("danted", dir, port, "-f", file.toString(), "-N", "1"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start danted", e);
        }
    }

    int port() {
        return port;
    }

    /** The log's lines of connections made for a client, e.g. {@code tcp/connect [: … -> … 127.0.0.1.4711}. */
    List<String> connects() {
        return ProxyProcesses.lines(log, "tcp/connect");
    }

    @Override
    public void close() {
        ProxyProcesses.stop(process);
    }
}
