package konagw.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The files of deploy/. */
final class DeployFiles {

    static final Path DEPLOY = HelmChart.REPO.resolve("deploy");
    static final Path ALERTS = DEPLOY.resolve("prometheus/konagw-alerts.yaml");
    static final Path CHART_ALERTS = HelmChart.CHART.resolve("files/konagw-alerts.yaml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/konagw-dashboard.json");
    static final Path COMPOSE = DEPLOY.resolve("docker-compose.yml");
    static final Path DOCKERFILE = DEPLOY.resolve("Dockerfile");
    static final Path OPERATIONS = DEPLOY.resolve("OPERATIONS.md");

    private DeployFiles() {
    }

    static Map<String, Object> alertRules() {
        return HelmChart.readMap(ALERTS);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
