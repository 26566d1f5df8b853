package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** helm template with helm/konagw/ci/prod-values.yaml: Secrets managed outside the chart, HPA, Sentinel. */
class ProductionValuesTest {

    private static Rendered rendered;

    @BeforeAll
    static void render() {
        rendered = HelmChart.template(HelmChart.PROD_VALUES);
    }

    @Test
    void rendersEverythingAProductionInstallNeeds() {
        assertThat(rendered.objects()).extracting(o -> o.get("kind")).containsExactlyInAnyOrder(
                "Deployment", "Service", "ConfigMap", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy",
                "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule");
        // both Secrets exist outside the chart
        assertThat(rendered.all("Secret")).isEmpty();
    }

    @Test
    void runsTheProdProfileOnAPinnedImage() {
        Map<String, String> env = plainEnv();
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        assertThat(Y.str(rendered.container(), "image"))
                .isEqualTo("registry.example.com/payments/konagw@sha256:"
                        + "0f3c2b5d8e9a41f6c7b8d9e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4");
        assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("file:/etc/konagw/config/");
        assertThat(ChartAssertions.volumeMountedAt(rendered, "/etc/konagw/config"))
                .extracting(v -> Y.str(v, "configMap", "name")).isEqualTo("konagw");
        assertThat(env.get("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("HeapDumpOnOutOfMemoryError");
        assertThat(Y.at(rendered.container(), "resources", "limits", "memory")).isEqualTo("1536Mi");
    }

    @Test
    void podAndContainerAreLockedDown() {
        ChartAssertions.assertHardened(rendered);
    }

    @Test
    void probesAndShutdown() {
        ChartAssertions.assertProbes(rendered);
        ChartAssertions.assertGracefulShutdown(rendered);
        ChartAssertions.assertServiceMatchesPods(rendered);
        ChartAssertions.assertTopologySpread(rendered, "ScheduleAnyway", "DoNotSchedule");
    }

    @Test
    void secretsComeFromTheExistingSecretAsEnvironment() {
        Map<String, Map<String, Object>> refs = secretRefs();
        assertThat(refs.keySet()).containsExactlyInAnyOrder(
                "KONAPLATE_ASPID", "KONAPLATE_ACCESSKEY", "KONAPLATE_SECRETKEY", "KONAGW_CACHE_SECRET",
                "KONAPLATE_CRYPTO_CLIENTPRIVATEKEYPASSWORD", "KONAPLATE_CRYPTO_NEXT_CLIENTPRIVATEKEYPASSWORD",
                "SPRING_DATA_REDIS_PASSWORD", "SPRING_DATA_REDIS_SENTINEL_PASSWORD");
        assertThat(refs.values()).allMatch(ref -> "konagw-env".equals(ref.get("name")));
        assertThat(refs.get("KONAPLATE_ASPID")).containsEntry("key", "asp-id").doesNotContainKey("optional");
        assertThat(refs.get("KONAPLATE_ACCESSKEY")).containsEntry("key", "access-key").doesNotContainKey("optional");
        assertThat(refs.get("KONAPLATE_SECRETKEY")).containsEntry("key", "secret-key").doesNotContainKey("optional");
        assertThat(refs.get("KONAGW_CACHE_SECRET")).containsEntry("key", "cache-secret").doesNotContainKey("optional");
        assertThat(refs.get("SPRING_DATA_REDIS_PASSWORD")).containsEntry("key", "redis-password")
                .containsEntry("optional", true);
        assertThat(refs.get("KONAPLATE_CRYPTO_CLIENTPRIVATEKEYPASSWORD"))
                .containsEntry("key", "client-private-key-password").containsEntry("optional", true);
        // and nothing secret sits in the ConfigMap
        assertThat(rendered.applicationYamlText()).doesNotContain("access-key", "secret-key", "asp-id",
                "password", "secret:");
    }

    @Test
    void keyFilesAreMountedFromTheExistingSecretAsADirectory() {
        Map<String, Object> keys = ChartAssertions.volumeMountedAt(rendered, "/etc/konagw/keys");
        assertThat(Y.str(keys, "secret", "secretName")).isEqualTo("konagw-keys");
        assertThat(Y.at(keys, "secret", "defaultMode")).isEqualTo(0440);
        assertThat(Y.map(keys, "secret")).doesNotContainKey("items");
        // subPath mounts never see Secret updates; the application re-reads key files in place
        assertThat(Y.maps(rendered.container(), "volumeMounts")).noneMatch(m -> m.containsKey("subPath"));
        Map<String, Object> crypto = Y.map(rendered.applicationYaml(), "konaplate", "crypto");
        assertThat(crypto)
                .containsEntry("server-public-key", "file:/etc/konagw/keys/server-cert.pem")
                .containsEntry("client-private-key", "file:/etc/konagw/keys/client-key.pem")
                .containsEntry("key-id", "5f2b9c1e7a4d4e0b8c3f6a2d9e1b7c40")
                .doesNotContainKey("next");
        // the pod template does not change with the keys Secret: no checksum over it
        assertThat(Y.map(rendered.podTemplate(), "metadata", "annotations").keySet())
                .containsExactly("checksum/config");
    }

    @Test
    void theHpaOwnsTheReplicaCount() {
        Map<String, Object> hpa = rendered.one("HorizontalPodAutoscaler");
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(Y.map(hpa, "spec", "scaleTargetRef"))
                .containsEntry("apiVersion", "apps/v1").containsEntry("kind", "Deployment")
                .containsEntry("name", Y.str(rendered.deployment(), "metadata", "name"));
        assertThat(Y.map(hpa, "spec")).containsEntry("minReplicas", 3).containsEntry("maxReplicas", 12);
        assertThat(Y.maps(hpa, "spec", "metrics")).singleElement().satisfies(metric -> {
            assertThat(Y.at(metric, "resource", "name")).isEqualTo("cpu");
            assertThat(Y.at(metric, "resource", "target", "averageUtilization")).isEqualTo(65);
        });
        assertThat(Y.at(hpa, "spec", "behavior", "scaleDown", "stabilizationWindowSeconds")).isEqualTo(300);
        // a replicas field would fight the HPA on every helm upgrade
        assertThat(Y.map(rendered.deployment(), "spec")).doesNotContainKey("replicas");
    }

    @Test
    void pdbLetsNodesDrainOnePodAtATime() {
        Map<String, Object> pdb = rendered.one("PodDisruptionBudget");
        assertThat(Y.map(pdb, "spec")).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable")
                .containsEntry("unhealthyPodEvictionPolicy", "AlwaysAllow");
        assertThat(Y.map(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(Y.map(rendered.deployment(), "spec", "selector", "matchLabels"));
    }

    @Test
    void networkPolicyAdmitsTheCallersAndMonitoringAndReachesOnlyDnsRedisAndKonaPlate() {
        ChartAssertions.assertNoOpenRules(rendered);
        Map<String, Object> spec = Y.map(rendered.one("NetworkPolicy"), "spec");

        List<Map<String, Object>> ingress = Y.maps(spec, "ingress");
        assertThat(ingress).hasSize(2);
        assertThat(Y.maps(ingress.get(0), "ports")).extracting(p -> p.get("port")).containsExactly("http");
        assertThat(Y.maps(ingress.get(0), "from"))
                .extracting(p -> Y.str(p, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"),
                        p -> Y.str(p, "podSelector", "matchLabels", "konagw-client"))
                .containsExactly(tuple("settlement", null), tuple("card-issuing", "true"));
        assertThat(Y.maps(ingress.get(1), "ports")).extracting(p -> p.get("port")).containsExactly("management");
        assertThat(Y.maps(ingress.get(1), "from"))
                .extracting(p -> Y.str(p, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"),
                        p -> Y.str(p, "podSelector", "matchLabels", "app.kubernetes.io/name"))
                .containsExactly(tuple("monitoring", "prometheus"));

        List<Map<String, Object>> egress = Y.maps(spec, "egress");
        assertThat(egress).hasSize(3);
        Map<String, Object> dns = egress.get(0);
        assertThat(Y.maps(dns, "to")).singleElement()
                .satisfies(p -> assertThat(Y.str(p, "podSelector", "matchLabels", "k8s-app")).isEqualTo("kube-dns"));
        assertThat(Y.maps(dns, "ports")).extracting(p -> p.get("port"), p -> p.get("protocol"))
                .containsExactlyInAnyOrder(tuple(53, "UDP"), tuple(53, "TCP"));
        Map<String, Object> redis = egress.get(1);
        assertThat(Y.maps(redis, "to")).singleElement().satisfies(p -> assertThat(
                Y.str(p, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")).isEqualTo("redis"));
        assertThat(Y.maps(redis, "ports")).extracting(p -> p.get("port")).containsExactly(6379, 26379);
        Map<String, Object> upstream = egress.get(2);
        assertThat(Y.maps(upstream, "to")).extracting(p -> Y.str(p, "ipBlock", "cidr"))
                .containsExactly("203.0.113.0/26", "198.51.100.16/28");
        assertThat(Y.maps(upstream, "ports")).extracting(p -> p.get("port"), p -> p.get("protocol"))
                .containsExactly(tuple(443, "TCP"));
    }

    @Test
    void prometheusScrapesTheManagementPortAndLoadsTheAlertRules() {
        Map<String, Object> monitor = rendered.one("ServiceMonitor");
        assertThat(Y.map(monitor, "metadata", "labels")).containsEntry("release", "kube-prometheus-stack");
        assertThat(Y.map(monitor, "spec", "selector", "matchLabels"))
                .isEqualTo(Y.map(rendered.one("Service"), "spec", "selector"));
        assertThat(Y.maps(monitor, "spec", "endpoints")).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
        });
        assertThat(Y.maps(rendered.one("Service"), "spec", "ports")).extracting(p -> p.get("name"))
                .contains("management");
        Map<String, Object> rules = rendered.one("PrometheusRule");
        assertThat(Y.map(rules, "spec")).isEqualTo(DeployFiles.alertRules());
    }

    @Test
    void configurationUsesTheApplicationsPropertyNames() {
        Map<String, Object> app = rendered.applicationYaml();
        assertThat(Y.at(app, "konaplate", "base-url")).isEqualTo("https://openapi.konaplate.example/open-api");
        assertThat(Y.at(app, "konaplate", "time-zone")).isEqualTo("KST");
        assertThat(Y.at(app, "spring", "data", "redis", "sentinel", "master")).isEqualTo("konagw");
        assertThat(Y.at(app, "konagw", "cache", "ttl", "fixation")).isEqualTo("12h");
        assertThat(Y.at(app, "resilience4j", "timelimiter", "instances", "konaplate", "timeout-duration"))
                .isEqualTo("3s");
    }

    private Map<String, String> plainEnv() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> entry : Y.maps(rendered.container(), "env")) {
            if (entry.containsKey("value")) {
                env.put(Y.str(entry, "name"), Y.str(entry, "value"));
            }
        }
        return env;
    }

    private Map<String, Map<String, Object>> secretRefs() {
        Map<String, Map<String, Object>> refs = new java.util.LinkedHashMap<>();
        for (Map<String, Object> entry : Y.maps(rendered.container(), "env")) {
            if (entry.containsKey("valueFrom")) {
                refs.put(Y.str(entry, "name"), Y.map(entry, "valueFrom", "secretKeyRef"));
            }
        }
        return refs;
    }
}
