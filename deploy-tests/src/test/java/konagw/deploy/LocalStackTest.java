package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * deploy/docker-compose.yml and deploy/Dockerfile, read statically (no Docker engine here): the
 * gateway's environment binds to the application's properties and matches the sandbox's credentials,
 * the sandbox's generated keys reach the gateway, and the image is built the way the chart expects.
 */
class LocalStackTest {

    private static final Map<String, Object> COMPOSE = HelmChart.readMap(DeployFiles.COMPOSE);

    @Test
    void gatewayEnvironmentBindsToTheApplicationsProperties() {
        Binder gateway = binder(environment("gateway"));
        Binder sandbox = binder(environment("sandbox"));
        assertThat(gateway.bind("konaplate.base-url", String.class).get()).isEqualTo("http://sandbox:8090");
        assertThat(sandbox.bind("server.port", String.class).get()).isEqualTo("8090");
        for (String[] pair : new String[][] {{"konaplate.asp-id", "sandbox.asp-id"},
                {"konaplate.access-key", "sandbox.access-key"}, {"konaplate.secret-key", "sandbox.secret-key"},
                {"konaplate.crypto.key-id", "sandbox.crypto.key-id"}}) {
            String value = gateway.bind(pair[0], String.class).orElse(null);
            assertThat(value).as(pair[0]).isNotBlank().isEqualTo(sandbox.bind(pair[1], String.class).orElse(null));
        }
        assertThat(gateway.bind("konaplate.asp-id", String.class).get()).hasSize(15);
        assertThat(gateway.bind("konaplate.access-key", String.class).get()).hasSize(40);
        assertThat(gateway.bind("konaplate.crypto.key-id", String.class).get()).hasSize(32);
        assertThat(java.util.Base64.getDecoder().decode(gateway.bind("konagw.cache.secret", String.class).get()))
                .hasSizeGreaterThanOrEqualTo(32);
        assertThat(gateway.bind("spring.data.redis.url", String.class).get()).isEqualTo("redis://redis:6379");
        assertThat(gateway.bind("konaplate.time-zone", String.class).get()).isEqualTo("KST");
    }

    @Test
    void theSandboxsGeneratedKeysReachTheGatewayReadOnly() {
        Binder gateway = binder(environment("gateway"));
        Binder sandbox = binder(environment("sandbox"));
        String sandboxDir = sandbox.bind("sandbox.write-gateway-keys-to", String.class).get();
        String sandboxVolume = volumeAt("sandbox", sandboxDir);
        String gatewayMount = mountOf("gateway", sandboxVolume);
        assertThat(gatewayMount).endsWith(":ro");
        String gatewayDir = gatewayMount.split(":")[1];
        assertThat(gateway.bind("konaplate.crypto.server-public-key", String.class).get())
                .isEqualTo("file:" + gatewayDir + "/server-cert.pem");
        assertThat(gateway.bind("konaplate.crypto.client-private-key", String.class).get())
                .isEqualTo("file:" + gatewayDir + "/client-key.pem");
        // the chart mounts its key Secret at the same place
        assertThat(gatewayDir).isEqualTo(Y.str(HelmChart.readMap(HelmChart.CHART.resolve("values.yaml")),
                "keys", "mountPath"));
        // the gateway starts after the sandbox has written them
        assertThat(Y.str(COMPOSE, "services", "gateway", "depends_on", "sandbox", "condition"))
                .isEqualTo("service_healthy");
        assertThat(String.join(" ", strings(Y.list(COMPOSE, "services", "sandbox", "healthcheck", "test"))))
                .contains(sandboxDir + "/server-cert.pem", sandboxDir + "/client-key.pem");
        assertThat(Y.str(COMPOSE, "services", "gateway", "depends_on", "redis", "condition"))
                .isEqualTo("service_healthy");
    }

    @Test
    void gatewayAndSandboxRunLikeThePod() {
        for (String service : List.of("gateway", "sandbox")) {
            Map<String, Object> definition = Y.map(COMPOSE, "services", service);
            assertThat(definition).as(service).containsEntry("read_only", true);
            assertThat(Y.list(definition, "cap_drop")).as(service).containsExactly("ALL");
            // exec: ACCP loads its native library from /tmp (Docker's tmpfs default is noexec)
            assertThat(Y.list(definition, "tmpfs")).as(service).containsExactly("/tmp:exec");
            assertThat(Y.str(definition, "build", "dockerfile")).isEqualTo("deploy/Dockerfile");
        }
        assertThat(Y.map(COMPOSE, "services", "sandbox", "build", "args"))
                .containsEntry("MODULE", "sandbox").containsEntry("JAR_GLOB", "sandbox-*-exec.jar");
        assertThat(Y.map(COMPOSE, "services", "gateway", "build")).doesNotContainKey("args");
    }

    @Test
    void dockerfileBuildsALayeredNonRootJreImage() {
        String dockerfile = DeployFiles.read(DeployFiles.DOCKERFILE);
        List<String> froms = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(3);
        assertThat(froms.get(0)).contains("-jdk AS build");
        assertThat(froms.get(2)).matches("FROM eclipse-temurin:\\$\\{JAVA_VERSION}-jre");
        assertThat(dockerfile).contains("./mvnw -B -q -pl \"${MODULE}\" -am package")
                .contains("java -Djarmode=tools -jar application.jar extract --layers --launcher")
                .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        // the runtime user is numeric (Kubernetes can verify runAsNonRoot) and the chart's
        assertThat(dockerfile.lines().filter(l -> l.startsWith("USER ")).toList()).containsExactly("USER 10001:10001");
        Map<String, Object> pod = HelmChart.readMap(HelmChart.CHART.resolve("values.yaml"));
        assertThat(Y.at(pod, "podSecurityContext", "runAsUser")).isEqualTo(10001);
        // layers from least to most often changed
        List<String> layers = dockerfile.lines().filter(l -> l.startsWith("COPY --from=extract")).toList();
        assertThat(layers).extracting(l -> l.replaceAll(".*/layers/([a-z-]+)/.*", "$1"))
                .containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        assertThat(dockerfile).contains("-XX:MaxRAMPercentage=").doesNotContain("HeapDumpOnOutOfMemoryError");
    }

    private static Map<String, Object> environment(String service) {
        Map<String, Object> env = new LinkedHashMap<>();
        Y.map(COMPOSE, "services", service, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    private static Binder binder(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return RenderedEnvironmentTest.binderOf(environment);
    }

    private static String volumeAt(String service, String path) {
        return strings(Y.list(COMPOSE, "services", service, "volumes")).stream()
                .filter(v -> v.split(":")[1].equals(path)).map(v -> v.split(":")[0])
                .findFirst().orElseThrow(() -> new AssertionError(service + " mounts nothing at " + path));
    }

    private static String mountOf(String service, String volume) {
        return strings(Y.list(COMPOSE, "services", service, "volumes")).stream()
                .filter(v -> v.startsWith(volume + ":"))
                .findFirst().orElseThrow(() -> new AssertionError(service + " does not mount " + volume));
    }

    private static List<String> strings(List<Object> list) {
        return list.stream().map(String::valueOf).toList();
    }
}
