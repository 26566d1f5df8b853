package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules and the Grafana dashboard are well formed, watch each of the gateway's own
 * metrics, and point at runbook sections that exist. That the application publishes what they read is
 * {@link PublishedMetricsTest}'s; that the alerts fire as intended is {@link PromtoolTest}'s.
 */
class ObservabilityTest {

    /** What the issue asks to watch; each must appear in the rules and on the dashboard. */
    static final Set<String> WATCHED = Set.of(
            "konagw_cache_requests_total", "konagw_upstream_requests_seconds_bucket",
            "konagw_upstream_errors_total", "resilience4j_circuitbreaker_state", "konagw_redis_degraded",
            "konagw_crypto_failures_total", "konagw_upstream_quota_rejected_total");
    /** Key reloads: the alert reads the gauge (failing now), the dashboard also the counter (failures over time). */
    static final String KEYS_FAILING = "konagw_keys_reload_failing";
    static final String KEYS_FAILURES = "konagw_keys_reload_failures_total";

    @Test
    void alertRulesAreWellFormedAndWatchTheGatewaysMetrics() {
        List<Map<String, Object>> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Object> group : Y.maps(DeployFiles.alertRules(), "groups")) {
            assertThat(Y.str(group, "name")).startsWith("konagw.");
            rules.addAll(Y.maps(group, "rules"));
        }
        assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
        Set<String> used = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            String alert = Y.str(rule, "alert");
            assertThat(names.add(alert)).as("unique alert name %s", alert).isTrue();
            String expr = Y.str(rule, "expr");
            assertBalanced(alert, expr);
            used.addAll(metricsOf(alert, expr));
            assertThat(Y.str(rule, "labels", "severity")).as(alert).isIn("critical", "warning");
            assertThat(Y.map(rule, "annotations")).as(alert).containsKeys("summary", "description", "runbook");
            assertThat(operationsAnchors()).as("runbook anchor of %s", alert)
                    .contains(Y.str(rule, "annotations", "runbook").replace("deploy/OPERATIONS.md#", ""));
            if (rule.containsKey("for")) {
                assertThat(Y.str(rule, "for")).matches("[0-9]+[smh]");
            }
        }
        assertThat(used).containsAll(WATCHED).contains(KEYS_FAILING);
        assertThat(names).contains("KonagwCircuitOpen", "KonagwUpstreamErrorRateHigh", "KonagwUpstreamLatencyHigh",
                "KonagwCacheHitRatioLow", "KonagwRedisDegraded", "KonagwKeyReloadFailed", "KonagwUpstreamQuotaExhausted");
    }

    @Test
    void theChartShipsTheSameRules() {
        // byte for byte: the copy's comments say so too, and a reviewer diffing the two sees nothing
        assertThat(DeployFiles.read(DeployFiles.CHART_ALERTS)).as("%s is a copy of %s", DeployFiles.CHART_ALERTS,
                DeployFiles.ALERTS).isEqualTo(DeployFiles.read(DeployFiles.ALERTS));
    }

    @Test
    void dashboardIsWellFormedAndCoversEveryWatchedMetric() {
        Map<String, Object> dashboard = Y.map(Y.load(DeployFiles.read(DeployFiles.DASHBOARD)));
        assertThat(dashboard).containsEntry("uid", "konagw-overview");
        assertThat(Y.maps(dashboard, "templating", "list")).extracting(v -> v.get("name"))
                .contains("datasource", "namespace");
        Set<Object> ids = new HashSet<>();
        Set<String> used = new HashSet<>();
        for (Map<String, Object> panel : Y.maps(dashboard, "panels")) {
            assertThat(ids.add(panel.get("id"))).as("unique panel id %s", panel.get("id")).isTrue();
            assertThat(Y.map(panel, "gridPos")).containsKeys("x", "y", "w", "h");
            if ("row".equals(panel.get("type"))) {
                continue;
            }
            assertThat(Y.str(panel, "datasource", "uid")).isEqualTo("${datasource}");
            List<Map<String, Object>> targets = Y.maps(panel, "targets");
            assertThat(targets).as("targets of %s", panel.get("title")).isNotEmpty();
            for (Map<String, Object> target : targets) {
                String expr = Y.str(target, "expr");
                assertBalanced(Y.str(panel, "title"), expr);
                assertThat(expr).as("namespace filter in %s", panel.get("title")).contains("namespace=~\"$namespace\"");
                used.addAll(metricsOf(Y.str(panel, "title"), expr));
            }
        }
        assertThat(used).containsAll(WATCHED).contains(KEYS_FAILING, KEYS_FAILURES);
    }

    /** The metric names an expression reads; whether the application publishes them is PublishedMetricsTest's. */
    static Set<String> metricsOf(String where, String expr) {
        Set<String> metrics = new HashSet<>();
        PromQl.parse(expr).selectors().forEach(selector -> metrics.add(selector.metric()));
        assertThat(metrics).as("metrics of %s", where).isNotEmpty();
        return metrics;
    }

    static void assertBalanced(String where, String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                round += c == '(' ? 1 : c == ')' ? -1 : 0;
                curly += c == '{' ? 1 : c == '}' ? -1 : 0;
                square += c == '[' ? 1 : c == ']' ? -1 : 0;
                assertThat(round >= 0 && curly >= 0 && square >= 0).as("brackets of %s: %s", where, expr).isTrue();
            }
        }
        assertThat(new int[] {round, curly, square}).as("brackets of %s: %s", where, expr).containsOnly(0);
        assertThat(quoted).as("quotes of %s", where).isFalse();
    }

    /** GitHub's anchors of the markdown headings of deploy/OPERATIONS.md. */
    static Set<String> operationsAnchors() {
        Set<String> anchors = new HashSet<>();
        for (String line : DeployFiles.read(DeployFiles.OPERATIONS).split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
