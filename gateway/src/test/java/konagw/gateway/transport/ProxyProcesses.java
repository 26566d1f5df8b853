package konagw.gateway.transport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * What the proxy daemons a test starts (tinyproxy, danted) have in common: found on the PATH, started as a child
 * process on a free loopback port with its files in a temporary directory, up once the port accepts, stopped with
 * the test (or the JVM).
 */
final class ProxyProcesses {

    private ProxyProcesses() {
    }

    static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin")) { // daemons live in sbin, often not on a test's PATH
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code name} with {@code arguments} (its output in {@code dir/stdout.log}) and waits until {@code port} accepts. */
    static Process launch(String name, Path dir, int port, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable(name).toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-stop"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited: " + Files.readString(dir.resolve("stdout.log")));
                        }
                        return accepts(port);
                    });
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The lines of a log file containing {@code marker}; none while the file does not exist yet. */
    static List<String> lines(Path log, String marker) {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(marker)).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
