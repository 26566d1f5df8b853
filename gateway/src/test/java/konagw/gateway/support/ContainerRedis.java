package konagw.gateway.support;

import java.io.IOException;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

/**
 * Redis in a container (Testcontainers), on a host port fixed at start so that {@link #stop()} and
 * {@link #resume()} keep the URL the gateway was given, as {@link RedisTestServer} does.
 */
final class ContainerRedis implements TestRedis {

    static final DockerImageName IMAGE = DockerImageName.parse("redis:7.4-alpine");
    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;
    private final int port;

    private ContainerRedis(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    @SuppressWarnings("resource") // closed by close(), and by Testcontainers' reaper should the JVM die first
    static ContainerRedis start() {
        int port;
        try {
            port = RedisTestServer.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(REDIS_PORT))));
        container.start();
        ContainerRedis redis = new ContainerRedis(container, port);
        redis.awaitPong();
        return redis;
    }

    @Override
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String command(String... args) {
        return Resp.command("127.0.0.1", port, args);
    }

    @Override
    public synchronized void stop() {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void resume() {
        if (!Boolean.TRUE.equals(DockerClientFactory.instance().client()
                .inspectContainerCmd(container.getContainerId()).exec().getState().getRunning())) {
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
        }
        awaitPong();
    }

    @Override
    public synchronized void freeze() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void thaw() {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void close() {
        container.stop();
    }

    private void awaitPong() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> "PONG".equals(command("PING")));
    }
}
