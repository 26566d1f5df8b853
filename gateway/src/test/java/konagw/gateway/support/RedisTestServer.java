package konagw.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

/**
 * A real redis-server started by the test on a free loopback port (this machine and CI have no Docker
 * engine, so no Testcontainers here). Can be stopped and started again on the same port mid-test.
 */
public final class RedisTestServer implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisTestServer(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("konagw-redis-");
    }

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

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

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
    public synchronized void freeze() {
        signal("STOP");
    }

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

    /** Keys under {@code prefix} that hold a value, not the tombstone an eviction leaves (it starts with a zero byte). */
    public int entriesUnder(String prefix) {
        return Integer.parseInt(command("EVAL", """
                local n = 0
                for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
                  if string.byte(redis.call('GET', key), 1) ~= 0 then n = n + 1 end
                end
                return n""", "0", prefix + "*").trim());
    }

    /** Runs one command over RESP and returns the raw reply, for assertions on what Redis holds. */
    public String command(String... args) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key and the raw bytes of every string value, as Latin-1 text (byte-for-byte). */
    public List<String> dumpKeysAndValues() {
        List<String> dump = new ArrayList<>();
        for (String key : command("KEYS", "*").split("\n")) {
            if (key.isBlank()) {
                continue;
            }
            dump.add(key);
            dump.add(command("GET", key));
        }
        return dump;
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

    private static String readReply(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '+', '-', ':' -> {
                return line;
            }
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.ISO_8859_1);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    all.append(readReply(in)).append('\n');
                }
                return all.toString();
            }
            default -> throw new IOException("unexpected RESP type " + type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
