package konagw.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

/**
 * A real redis-server started from the local binary on a free loopback port: the {@link TestRedis} of a machine
 * without a Docker engine ({@link RedisSource}). Can be stopped and started again on the same port mid-test.
 */
public final class RedisTestServer implements TestRedis {

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisTestServer(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("konagw-redis-");
    }

    /** Always the local binary; {@link TestRedis#start()} picks the source. */
    public static RedisTestServer start(String... extraArgs) {
        try {
            RedisTestServer server = new RedisTestServer(freePort(), List.of(extraArgs));
            server.startProcess();
            // a server held in a static field is never closed by the tests: it must not outlive their JVM
            Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-test-server-stop"));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (is it installed? apt-get install redis-server)", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /**
     * Freezes the server (SIGSTOP): connections are still accepted by the kernel but nothing is answered,
     * as with an overloaded Redis or a network that drops packets. {@link #thaw()} resumes it.
     */
    @Override
    public synchronized void freeze() {
        signal("STOP");
    }

    @Override
    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: also ends a frozen server, which a SIGTERM would only reach once thawed. */
    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }

    /** Starts it again after {@link #stop()}, on the same port; a no-op while it runs. */
    @Override
    public synchronized void resume() {
        if (process != null) {
            return;
        }
        try {
            startProcess();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String command(String... args) {
        return Resp.command("127.0.0.1", port, args);
    }

    @Override
    public void close() {
        stop();
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), "redis.log"))
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> "PONG".equals(command("PING")));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
