package konagw.gateway.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real HTTP proxy (Debian's {@code tinyproxy}) started by the test on a free loopback port, as a child process with
 * its own configuration and log file in a temporary directory; optionally asking for basic authentication.
 */
final class TinyProxy implements AutoCloseable {

    private final int port;
    private final Path log;
    private final Process process;

    private TinyProxy(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static boolean installed() {
        return ProxyProcesses.executable("tinyproxy") != null;
    }

    /** @param user and {@code password}: basic authentication, or both {@code null} for none */
    static TinyProxy start(String user, String password) {
        try {
            Path dir = Files.createTempDirectory("konagw-tinyproxy-");
            int port = ProxyProcesses.freePort();
            Path log = dir.resolve("tinyproxy.log");
            StringBuilder conf = new StringBuilder()
                    .append("Port ").append(port).append('\n')
                    .append("Listen 127.0.0.1\n")
                    .append("Timeout 30\n")
                    .append("LogFile \"").append(log).append("\"\n")
                    .append("LogLevel Info\n")
                    .append("MaxClients 50\n")
                    .append("Allow 127.0.0.1\n")
                    .append("DisableViaHeader Yes\n");
            // no ConnectPort line: CONNECT is allowed to any port (the sandbox's is random)
            if (user != null) {
                conf.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
            }
            Path file = Files.writeString(dir.resolve("tinyproxy.conf"), conf.toString(), StandardCharsets.US_ASCII);
            return new TinyProxy(port, log, ProxyProcesses.launch("tinyproxy", dir, port, "-d", "-c", file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tinyproxy", e);
        }
    }

    int port() {
        return port;
    }

    /** The log's lines naming a request, e.g. {@code Request (file descriptor 6): CONNECT localhost:4711 HTTP/1.1}. */
    List<String> requests() {
        return ProxyProcesses.lines(log, "Request (");
    }

    @Override
    public void close() {
        ProxyProcesses.stop(process);
    }
}
