package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** callbacks.*: the callback listener's port, its own Service and NetworkPolicy, its routes in application.yaml. */
class CallbacksChartTest {

    private static Map<String, Object> enabled() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("callbacks.enabled", true);
        set.put("callbacks.routes[0].id", "payment");
        set.put("callbacks.routes[0].path", "/callbacks/payment");
        set.put("callbacks.routes[0].forward-to", "http://payments.payments.svc.cluster.local/internal/payment");
        set.put("callbacks.routes[0].encrypt-response", true);
        return set;
    }

    @Test
    void offByDefault() {
        Rendered rendered = HelmChart.template();
        assertThat(rendered.find("Service", HelmChart.RELEASE + "-callbacks")).isEmpty();
        assertThat(rendered.find("NetworkPolicy", HelmChart.RELEASE + "-callbacks")).isEmpty();
        assertThat(Y.at(rendered.applicationYaml(), "konagw", "callbacks")).isNull();
    }

    @Test
    void theCallbackPortHasItsOwnServiceAndIsTheOnlyPortOpenToOtherNamespaces() {
        Rendered rendered = HelmChart.template(enabled());

        assertThat(Y.maps(rendered.container(), "ports")).anySatisfy(p -> {
            assertThat(p).containsEntry("name", "callbacks").containsEntry("containerPort", 8090);
        });
        Map<String, Object> service = rendered.one("Service", HelmChart.RELEASE + "-callbacks");
        List<Map<String, Object>> ports = Y.maps(service, "spec", "ports");
        assertThat(ports).hasSize(1);
        assertThat(ports.get(0)).containsEntry("targetPort", "callbacks").containsEntry("port", 80);

        Map<String, Object> policy = rendered.one("NetworkPolicy", HelmChart.RELEASE + "-callbacks");
        assertThat(Y.list(policy, "spec", "policyTypes")).containsExactly("Ingress");
        List<Map<String, Object>> rules = Y.maps(policy, "spec", "ingress");
        assertThat(rules).hasSize(1);
        assertThat(Y.maps(rules.get(0), "ports")).containsExactly(Map.of("port", "callbacks", "protocol", "TCP"));
        assertThat(Y.maps(rules.get(0), "from")).containsExactly(Map.of("namespaceSelector", Map.of()));
        // the main policy still admits only the namespace's pods to the API port
        Map<String, Object> main = rendered.one("NetworkPolicy", HelmChart.RELEASE);
        assertThat(Y.maps(Y.maps(main, "spec", "ingress").get(0), "ports"))
                .containsExactly(Map.of("port", "http", "protocol", "TCP"));

        Map<String, Object> app = rendered.applicationYaml();
        assertThat(Y.at(app, "konagw", "callbacks", "port")).isEqualTo(8090);
        assertThat(Y.at(app, "konagw", "callbacks", "max-skew")).isEqualTo("5m");
        assertThat(Y.str(app, "konagw", "callbacks", "routes", 0, "forward-to"))
                .isEqualTo("http://payments.payments.svc.cluster.local/internal/payment");
        assertThat(Y.at(app, "konagw", "callbacks", "routes", 0, "encrypt-response")).isEqualTo(true);
    }

    @Test
    void badCallbackValuesFailTheInstall() {
        Map<String, Object> noRoutes = new LinkedHashMap<>();
        noRoutes.put("callbacks.enabled", true);
        assertThat(HelmChart.templateError(noRoutes)).contains("callbacks.enabled needs at least one entry");

        Map<String, Object> samePort = enabled();
        samePort.put("callbacks.port", 8080);
        assertThat(HelmChart.templateError(samePort)).contains("callbacks.port must differ from ports.http");

        Map<String, Object> badRoute = enabled();
        badRoute.put("callbacks.routes[0].forward-to", "ftp://x");
        assertThat(HelmChart.templateError(badRoute)).contains("forward-to");
    }
}
