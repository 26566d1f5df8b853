package konagw.gateway.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers here: asked of Testcontainers only when something points at one. */
final class DockerEngine {

    private DockerEngine() {
    }

    static boolean reachable() {
        String host = System.getenv("DOCKER_HOST");
        boolean pointed = (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!pointed) {
            return false; // no socket, no DOCKER_HOST: Testcontainers' own probe would only log its failures
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
