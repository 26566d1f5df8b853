package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;

/** Assertions that hold for every values file. */
final class ChartAssertions {

    private ChartAssertions() {
    }

    static void assertHardened(Rendered rendered) {
        Map<String, Object> pod = rendered.podSpec();
        Map<String, Object> podSecurity = Y.map(pod, "securityContext");
        assertThat(podSecurity).containsEntry("runAsNonRoot", true);
        assertThat((Integer) podSecurity.get("runAsUser")).isPositive();
        assertThat((Integer) podSecurity.get("runAsGroup")).isPositive();
        assertThat(podSecurity).containsKey("fsGroup");
        assertThat(Y.at(podSecurity, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(pod).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");

        Map<String, Object> security = Y.map(rendered.container(), "securityContext");
        assertThat(security)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("privileged", false)
                .containsEntry("readOnlyRootFilesystem", true);
        assertThat(Y.list(security, "capabilities", "drop")).containsExactly("ALL");
        assertThat(Y.map(security, "capabilities")).doesNotContainKey("add");

        // the read-only root filesystem leaves /tmp, on an emptyDir of bounded size
        Map<String, Object> tmp = volumeMountedAt(rendered, "/tmp");
        assertThat(Y.map(tmp, "emptyDir")).containsKey("sizeLimit");
        assertThat(Y.maps(pod, "volumes")).noneMatch(v -> v.containsKey("hostPath"));
        // every other mount is read-only
        assertThat(Y.maps(rendered.container(), "volumeMounts"))
                .filteredOn(m -> !"/tmp".equals(m.get("mountPath")))
                .allMatch(m -> Boolean.TRUE.equals(m.get("readOnly")), "read-only mounts");
    }

    static void assertProbes(Rendered rendered) {
        Map<String, Object> container = rendered.container();
        assertThat(Y.at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(Y.at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(Y.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(Y.at(container, probe, "httpGet", "port")).as(probe).isEqualTo("management");
        }
        // the named ports are the ports the application listens on
        Map<String, Object> app = rendered.applicationYaml();
        assertThat(containerPort(rendered, "management")).isEqualTo(Y.at(app, "management", "server", "port"))
                .isEqualTo(8081);
        assertThat(containerPort(rendered, "http")).isEqualTo(Y.at(app, "server", "port")).isEqualTo(8080);
        // a slow start is the startup probe's business, not liveness': it allows at least a minute
        int startupBudget = (Integer) Y.at(container, "startupProbe", "periodSeconds")
                * (Integer) Y.at(container, "startupProbe", "failureThreshold");
        assertThat(startupBudget).isGreaterThanOrEqualTo(60);
    }

    static void assertGracefulShutdown(Rendered rendered) {
        Map<String, Object> app = rendered.applicationYaml();
        assertThat(Y.at(app, "server", "shutdown")).isEqualTo("graceful");
        Duration phase = DurationStyle.detectAndParse(
                Y.str(app, "spring", "lifecycle", "timeout-per-shutdown-phase"));
        List<Object> preStop = Y.list(rendered.container(), "lifecycle", "preStop", "exec", "command");
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        int sleep = Integer.parseInt(preStop.get(1).toString());
        assertThat(sleep).isPositive();
        int grace = (Integer) rendered.podSpec().get("terminationGracePeriodSeconds");
        assertThat(grace).isGreaterThan(sleep + (int) phase.toSeconds());
    }

    static void assertTopologySpread(Rendered rendered, String zone, String hostname) {
        List<Map<String, Object>> spread = Y.maps(rendered.podSpec(), "topologySpreadConstraints");
        Map<String, Object> selector = Y.map(rendered.deployment(), "spec", "selector", "matchLabels");
        assertThat(spread).extracting(s -> s.get("topologyKey"), s -> s.get("whenUnsatisfiable"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("topology.kubernetes.io/zone", zone),
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/hostname", hostname));
        for (Map<String, Object> constraint : spread) {
            assertThat(Y.map(constraint, "labelSelector", "matchLabels")).isEqualTo(selector);
            assertThat(Y.list(constraint, "matchLabelKeys")).containsExactly("pod-template-hash");
        }
    }

    static void assertServiceMatchesPods(Rendered rendered) {
        Map<String, Object> service = rendered.one("Service");
        Map<String, Object> podLabels = Y.map(rendered.podTemplate(), "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(Y.map(service, "spec", "selector"));
        assertThat(Y.map(rendered.deployment(), "spec", "selector", "matchLabels"))
                .isEqualTo(Y.map(service, "spec", "selector"));
        for (Map<String, Object> port : Y.maps(service, "spec", "ports")) {
            assertThat(containerPort(rendered, Y.str(port, "targetPort"))).as("targetPort %s", port).isNotNull();
        }
    }

    /** No rule of the NetworkPolicy is open to everyone, and it selects exactly the gateway's pods. */
    static void assertNoOpenRules(Rendered rendered) {
        Map<String, Object> policy = rendered.one("NetworkPolicy");
        assertThat(Y.map(policy, "spec", "podSelector", "matchLabels"))
                .isEqualTo(Y.map(rendered.deployment(), "spec", "selector", "matchLabels"));
        for (Map<String, Object> rule : Y.maps(policy, "spec", "ingress")) {
            assertThat(Y.list(rule, "from")).as("ingress rule %s", rule).isNotEmpty();
            assertThat(Y.list(rule, "ports")).as("ingress rule %s", rule).isNotEmpty();
        }
        for (Map<String, Object> rule : Y.maps(policy, "spec", "egress")) {
            assertThat(Y.list(rule, "to")).as("egress rule %s", rule).isNotEmpty();
            assertThat(Y.list(rule, "ports")).as("egress rule %s", rule).isNotEmpty();
            for (Map<String, Object> peer : Y.maps(rule, "to")) {
                assertThat(Y.str(peer, "ipBlock", "cidr")).isNotIn("0.0.0.0/0", "::/0");
            }
        }
    }

    static Integer containerPort(Rendered rendered, String name) {
        return Y.maps(rendered.container(), "ports").stream()
                .filter(p -> name.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElse(null);
    }

    static Map<String, Object> volumeMountedAt(Rendered rendered, String path) {
        String volume = Y.maps(rendered.container(), "volumeMounts").stream()
                .filter(m -> path.equals(m.get("mountPath")))
                .map(m -> Y.str(m, "name"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        return Y.maps(rendered.podSpec(), "volumes").stream()
                .filter(v -> volume.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + volume));
    }
}
