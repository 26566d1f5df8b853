package konagw.gateway.transport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

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
        return executable() != null;
    }

    /** @param user and {@code password}: basic authentication, or both {@code null} for none */
    static TinyProxy start(String user, String password) {
        try {
            Path dir = Files.createTempDirectory("konagw-tinyproxy-");
            int port = freePort();
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
            Process process = new ProcessBuilder(executable().toString(), "-d", "-c", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            TinyProxy proxy = new TinyProxy(port, log, process);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "tinyproxy-stop"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("tinyproxy exited: "
                                    + Files.readString(dir.resolve("stdout.log")));
                        }
                        return accepts(port);
                    });
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tinyproxy", e);
        }
    }

    int port() {
        return port;
    }

    /** The log's lines naming a request, e.g. {@code Request (file descriptor 6): CONNECT localhost:4711 HTTP/1.1}. */
    List<String> requests() {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("Request (")).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "tinyproxy");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
