package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Prometheus's own tool on the alert rules: {@code promtool check rules} (what Prometheus would refuse to
 * load) and {@code promtool test rules} (each alert fires, and stays silent, on synthetic series as its
 * runbook says). promtool comes from Debian's {@code prometheus} package; without it these tests fail
 * rather than skip, so a machine that cannot prove the alerts does not pass for one that did.
 */
class PromtoolTest {

    static final Path TESTS = DeployFiles.DEPLOY.resolve("prometheus/konagw-alerts.test.yaml");

    @Test
    void prometheusAcceptsTheRules() {
        assertPromtool("check", "rules", DeployFiles.ALERTS.toString());
    }

    @Test
    void everyAlertPassesItsUnitTests() {
        // rule_files resolve from the test file's directory
        assertPromtool("test", "rules", TESTS.toString());
    }

    @Test
    void everyAlertHasAUnitTest() {
        Set<String> alerts = new TreeSet<>();
        for (Map<String, Object> group : Y.maps(DeployFiles.alertRules(), "groups")) {
            for (Map<String, Object> rule : Y.maps(group, "rules")) {
                alerts.add(Y.str(rule, "alert"));
            }
        }
        Map<String, Object> tests = HelmChart.readMap(TESTS);
        assertThat(Y.list(tests, "rule_files")).containsExactly(DeployFiles.ALERTS.getFileName().toString());
        Set<String> firing = new TreeSet<>();
        Set<String> tested = new TreeSet<>();
        for (Map<String, Object> test : Y.maps(tests, "tests")) {
            for (Map<String, Object> check : Y.maps(test, "alert_rule_test")) {
                tested.add(Y.str(check, "alertname"));
                if (!Y.list(check, "exp_alerts").isEmpty()) {
                    firing.add(Y.str(check, "alertname"));
                }
            }
        }
        assertThat(tested).as("alerts with a unit test").isEqualTo(alerts);
        assertThat(firing).as("alerts a unit test sees firing").isEqualTo(alerts);
    }

    static void assertPromtool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(promtool());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory(DeployFiles.DEPLOY.toFile()).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** promtool on the PATH, or a failure that says where to get it. */
    static String promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, "promtool").canExecute()) {
                return new File(dir, "promtool").getPath();
            }
        }
        throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package "
                + "(apt-get install prometheus), which provides promtool, to check and unit-test the alert rules");
    }
}
