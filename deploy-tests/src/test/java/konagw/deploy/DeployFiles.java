package konagw.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /** Every alert's expression, by alert name. */
    static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Map<String, Object> group : Y.maps(alertRules(), "groups")) {
            for (Map<String, Object> rule : Y.maps(group, "rules")) {
                expressions.put("alert " + Y.str(rule, "alert"), Y.str(rule, "expr"));
            }
        }
        return expressions;
    }

    /** Every query of the dashboard's panels, by panel title and query ref. */
    static Map<String, String> dashboardExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Map<String, Object> panel : Y.maps(Y.load(read(DASHBOARD)), "panels")) {
            for (Map<String, Object> target : Y.maps(panel, "targets")) {
                expressions.put("panel " + panel.get("id") + " \"" + panel.get("title") + "\" " + target.get("refId"),
                        Y.str(target, "expr"));
            }
        }
        return expressions;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
