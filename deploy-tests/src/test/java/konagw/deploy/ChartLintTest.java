package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** helm lint --strict: warnings fail too, and strict rendering fails on any undefined value. */
class ChartLintTest {

    @Test
    void defaultValuesLintStrict() {
        assertClean(HelmChart.lintStrict());
    }

    @Test
    void productionValuesLintStrict() {
        assertClean(HelmChart.lintStrict(HelmChart.PROD_VALUES));
    }

    @Test
    void chartManagedSecretsLintStrict() {
        assertClean(HelmChart.lintStrict(TestValues.CHART_MANAGED));
    }

    @Test
    void upstreamTlsProxyAndPoolLintStrict() {
        assertClean(HelmChart.lintStrict(TestValues.UPSTREAM));
    }

    @Test
    void badValuesFailLint() {
        LintResult result = HelmChart.lintStrict(TestValues.BAD);
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages()))
                .contains("/replicaCount")
                .contains("/config/konaplate/time-zone");
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }
}
