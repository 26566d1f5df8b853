package konagw.deploy;

import java.nio.file.Path;

/** Values files of src/test/resources/values (the production example lives in the chart: ci/). */
final class TestValues {

    static final Path DIR = HelmChart.REPO.resolve("deploy-tests/src/test/resources/values");
    /** Secrets and keys given as values: the chart creates both Secrets. */
    static final Path CHART_MANAGED = DIR.resolve("chart-managed.yaml");
    /** replicaCount 0 and time-zone XYZ. */
    static final Path BAD = DIR.resolve("bad-values.yaml");
    /** Every upstream.* value: TLS with mTLS, a proxy by name with its ranges and a password Secret, the pool. */
    static final Path UPSTREAM = DIR.resolve("upstream.yaml");

    private TestValues() {
    }
}
