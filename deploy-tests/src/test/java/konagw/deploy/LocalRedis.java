package konagw.deploy;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * A real redis-server on a free loopback port, started by the test (no Docker here). Redis itself is not
 * under test: it is where the chart's production configuration points, replaced by a local one.
 */
final class LocalRedis implements AutoCloseable {

    private final int port;
    private final Process process;

    private LocalRedis(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static LocalRedis start() {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("konagw-deploy-redis-");
            Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(new File(dir.toFile(), "redis.log"))
                    .start();
            LocalRedis redis = new LocalRedis(port, process);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions().until(redis::answersPing);
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (apt-get install redis-server)", e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean answersPing() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
