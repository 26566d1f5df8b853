package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** helm template with the chart's own values.yaml: a local/staging install on the embedded sandbox. */
class DefaultValuesTest {

    private static Rendered rendered;

    @BeforeAll
    static void render() {
        rendered = HelmChart.template();
    }

    @Test
    void rendersTheWorkloadAndNothingOptional() {
        assertThat(rendered.objects()).extracting(o -> o.get("kind")).containsExactlyInAnyOrder(
                "Deployment", "Service", "ConfigMap", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy");
        for (Map<String, Object> object : rendered.objects()) {
            assertThat(Y.str(object, "metadata", "namespace")).isEqualTo(HelmChart.NAMESPACE);
            assertThat(Y.map(object, "metadata", "labels"))
                    .containsEntry("app.kubernetes.io/name", "konagw")
                    .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
    }

    @Test
    void podAndContainerAreLockedDown() {
        ChartAssertions.assertHardened(rendered);
        assertThat(rendered.podSpec()).containsEntry("automountServiceAccountToken", false);
        assertThat(rendered.one("ServiceAccount")).containsEntry("automountServiceAccountToken", false);
    }

    @Test
    void probesUseTheActuatorGroupsOnTheManagementPort() {
        ChartAssertions.assertProbes(rendered);
    }

    @Test
    void shutsDownGracefully() {
        ChartAssertions.assertGracefulShutdown(rendered);
    }

    @Test
    void rollsWithoutLosingCapacityAndSpreadsOverZonesAndNodes() {
        Map<String, Object> spec = Y.map(rendered.deployment(), "spec");
        assertThat(spec).containsEntry("replicas", 2);
        assertThat(Y.at(spec, "strategy", "type")).isEqualTo("RollingUpdate");
        assertThat(Y.at(spec, "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
        ChartAssertions.assertTopologySpread(rendered, "ScheduleAnyway", "ScheduleAnyway");
    }

    @Test
    void withoutSecretsOrKeysNothingSecretIsReferencedOrMounted() {
        assertThat(rendered.all("Secret")).isEmpty();
        List<Map<String, Object>> env = Y.maps(rendered.container(), "env");
        assertThat(env).noneMatch(e -> e.containsKey("valueFrom"));
        assertThat(env).extracting(e -> e.get("name"))
                .containsExactly("SPRING_CONFIG_ADDITIONAL_LOCATION", "JDK_JAVA_OPTIONS");
        assertThat(Y.maps(rendered.podSpec(), "volumes")).extracting(v -> v.get("name"))
                .containsExactly("tmp", "config");
        Map<String, Object> crypto = Y.map(rendered.applicationYaml(), "konaplate", "crypto");
        assertThat(crypto).doesNotContainKeys("server-public-key", "client-private-key");
    }

    @Test
    void serviceTargetsTheNamedContainerPortsOfThePods() {
        ChartAssertions.assertServiceMatchesPods(rendered);
    }

    @Test
    void networkPolicyAdmitsOnlyListedPeersAndAllowsOnlyDns() {
        Map<String, Object> policy = rendered.one("NetworkPolicy");
        ChartAssertions.assertNoOpenRules(rendered);
        assertThat(Y.list(policy, "spec", "policyTypes")).containsExactly("Ingress", "Egress");
        // no Redis, no upstream configured: DNS is the only way out
        assertThat(Y.maps(policy, "spec", "egress")).hasSize(1);
        assertThat(Y.maps(policy, "spec", "egress", 0, "ports")).extracting(p -> p.get("port"))
                .containsExactly(53, 53);
    }

    @Test
    void pdbKeepsAllButOnePodAvailable() {
        Map<String, Object> pdb = rendered.one("PodDisruptionBudget");
        assertThat(pdb.get("apiVersion")).isEqualTo("policy/v1");
        assertThat(Y.at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat(Y.map(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(Y.map(rendered.deployment(), "spec", "selector", "matchLabels"));
    }
}
