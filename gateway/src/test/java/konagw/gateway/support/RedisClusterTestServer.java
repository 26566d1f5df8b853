package konagw.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A real local Redis Cluster: masters started from the redis-server binary with
 * {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster create … --cluster-replicas 0}, ready
 * once every node reports {@code cluster_state:ok}. No Docker needed.
 */
public final class RedisClusterTestServer implements AutoCloseable {

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final RedisClient client = RedisClient.create();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    private RedisClusterTestServer(Path dir) {
        this.dir = dir;
    }

    public static RedisClusterTestServer start(int masters) {
        RedisClusterTestServer cluster;
        try {
            cluster = new RedisClusterTestServer(Files.createTempDirectory("konagw-redis-cluster-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            cluster.startNodes(masters);
            cluster.create();
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw new IllegalStateException("cannot start a local Redis Cluster (redis-server, redis-cli installed?)", e);
        }
    }

    /** For spring.data.redis.cluster.nodes: {@code 127.0.0.1:P1,127.0.0.1:P2,…}. */
    public String nodes() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public int size() {
        return ports.size();
    }

    /** Cache entries held by one node (other keys, such as instance-id leases, are not counted). */
    public long keysOnNode(int node) {
        return connections.get(node).sync().keys(konagw.gateway.cache.CacheKeys.PREFIX + "*").size();
    }

    public String clusterInfo(int node) {
        return connections.get(node).sync().clusterInfo();
    }

    public void flushAll() {
        connections.forEach(c -> c.sync().flushall());
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startNodes(int masters) throws IOException {
        for (int i = 0; i < masters; i++) {
            int port = freeClusterPort();
            Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
            Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no",
                    "--dir", nodeDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(new File(nodeDir.toFile(), "redis.log"))
                    .start();
            ports.add(port);
            processes.add(process);
        }
        for (int port : ports) {
            StatefulRedisConnection<String, String> connection = Awaitility.await()
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> client.connect(RedisURI.create("127.0.0.1", port)), c -> c != null);
            connections.add(connection);
        }
    }

    private void create() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        File log = dir.resolve("cluster-create.log").toFile();
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        try {
            if (!create.waitFor(30, TimeUnit.SECONDS)) {
                create.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (create.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed: "
                    + Files.readString(log.toPath(), StandardCharsets.UTF_8));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (int node = 0; node < ports.size(); node++) {
                        String info = clusterInfo(node);
                        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + ports.size())) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** A free port whose cluster bus port (port + 10000) is free as well. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (free(port) && free(port + 10000)) {
                return port;
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
