package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values fail the install: values.schema.json first, then the chart's own checks (fail). */
class ValuesValidationTest {

    private static final String SCHEMA = "values don't meet the specifications of the schema";
    private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nQQ==\n-----END CERTIFICATE-----\n";
    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nQQ==\n-----END PRIVATE KEY-----\n";

    @Test
    void theBadValuesFileIsRejectedByTheSchema() {
        String error = HelmChart.templateError(Map.of(), TestValues.BAD);
        assertThat(error).contains(SCHEMA)
                .contains("at '/replicaCount': minimum: got 0, want 1")
                .contains("at '/config/konaplate/time-zone': value must be one of 'KST', 'UTC', 'JST', 'GMT'");
    }

    static Stream<Arguments> schemaViolations() {
        return Stream.of(
                Arguments.of("no replicas", Map.of("replicaCount", 0), "/replicaCount"),
                Arguments.of("unknown time zone", Map.of("config.konaplate.time-zone", "XYZ"),
                        "/config/konaplate/time-zone"),
                Arguments.of("prod without a base URL", Map.of("profiles[0]", "prod"), "missing property 'base-url'"),
                Arguments.of("prod without an upstream quota", Map.of("profiles[0]", "prod",
                        "config.konaplate.base-url", "https://openapi.konaplate.example"), "missing property 'upstream'"),
                Arguments.of("prod with the quota on but no vendor rate", Map.of("profiles[0]", "prod",
                        "config.konaplate.base-url", "https://openapi.konaplate.example",
                        "config.konagw.upstream.rate-limit.enabled", true,
                        "config.konagw.upstream.rate-limit.replicas-hint", 12), "missing property 'permits-per-second'"),
                Arguments.of("prod with the quota off and no reason", Map.of("profiles[0]", "prod",
                        "config.konaplate.base-url", "https://openapi.konaplate.example",
                        "config.konagw.upstream.rate-limit.enabled", false), "missing property 'disabled-reason'"),
                Arguments.of("prod over plain http", Map.of("profiles[0]", "prod",
                        "config.konaplate.base-url", "http://openapi.konaplate.example"), "/config/konaplate/base-url"),
                Arguments.of("a secret in the ConfigMap", Map.of("config.konaplate.access-key", "x".repeat(40)),
                        "access-key"),
                Arguments.of("the cache secret in the ConfigMap", Map.of("config.konagw.cache.secret", "c2VjcmV0"),
                        "/config/konagw/cache"),
                Arguments.of("a misspelt property", Map.of("config.konaplate.baseUrl", "https://x.example"),
                        "baseUrl"),
                Arguments.of("unknown key management", Map.of("config.konaplate.crypto.key-management", "RSA1_5"),
                        "/config/konaplate/crypto/key-management"),
                Arguments.of("short key id", Map.of("config.konaplate.crypto.key-id", "abc"),
                        "/config/konaplate/crypto/key-id"),
                Arguments.of("bad envelope", Map.of("config.konaplate.crypto.envelope", "xml"),
                        "/config/konaplate/crypto/envelope"),
                Arguments.of("bad duration", Map.of("config.konagw.cache.ttl.fixation", "12 hours"),
                        "/config/konagw/cache/ttl/fixation"),
                Arguments.of("instance id out of range", Map.of("config.konaplate.instance-id", 1024),
                        "/config/konaplate/instance-id"),
                Arguments.of("short cache secret", Map.of("secrets.cacheSecret", "c2hvcnQ="), "/secrets/cacheSecret"),
                Arguments.of("access key not 40 characters", Map.of("secrets.accessKey", "abc"), "/secrets/accessKey"),
                Arguments.of("ASP id not 15 characters", Map.of("secrets.aspId", "abc"), "/secrets/aspId"),
                Arguments.of("a key that is not PEM", Map.of("keys.clientPrivateKey", "MIIEvQIBADANBg"),
                        "/keys/clientPrivateKey"),
                Arguments.of("upstream quota of zero",
                        Map.of("config.konagw.upstream.rate-limit.permits-per-second", 0),
                        "/config/konagw/upstream/rate-limit/permits-per-second"),
                Arguments.of("batch share above one", Map.of("config.konagw.upstream.rate-limit.batch-share", 2),
                        "/config/konagw/upstream/rate-limit/batch-share"),
                Arguments.of("a misspelt quota property",
                        Map.of("config.konagw.upstream.rate-limit.permitsPerSecond", 100),
                        "permitsPerSecond"),
                Arguments.of("API key hash not SHA-256 hex", Map.of("config.konagw.auth.api-keys.billing", "secret"),
                        "/config/konagw/auth/api-keys/billing"),
                Arguments.of("server.port set by hand", Map.of("config.server.port", 9090), "/config/server"),
                Arguments.of("root allowed", Map.of("podSecurityContext.runAsNonRoot", false),
                        "/podSecurityContext/runAsNonRoot"),
                Arguments.of("privilege escalation allowed", Map.of("securityContext.allowPrivilegeEscalation", true),
                        "/securityContext/allowPrivilegeEscalation"),
                Arguments.of("no memory limit", Map.of("resources.limits.memory", "null"), "/resources/limits"),
                Arguments.of("ingress open to everyone", Map.of("networkPolicy.ingress.from", "{}"),
                        "/networkPolicy/ingress"),
                Arguments.of("upstream range not a CIDR", Map.of("networkPolicy.egress.upstream.cidrs[0]", "konaplate.com"),
                        "/networkPolicy/egress/upstream/cidrs/0"),
                Arguments.of("image digest malformed", Map.of("image.digest", "latest"), "/image/digest"),
                Arguments.of("shutdown phase not in seconds", Map.of("shutdown.timeoutPerShutdownPhase", "1m"),
                        "/shutdown/timeoutPerShutdownPhase"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaViolations")
    void rejectedByTheSchema(String what, Map<String, Object> set, String expected) {
        assertThat(HelmChart.templateError(set)).contains(SCHEMA).contains(expected);
    }

    static Stream<Arguments> chartChecks() {
        Map<String, Object> prod = new LinkedHashMap<>();
        prod.put("profiles[0]", "prod");
        prod.put("config.konaplate.base-url", "https://openapi.konaplate.example");
        prod.put("networkPolicy.egress.upstream.cidrs[0]", "203.0.113.0/26");
        prod.put("config.konagw.upstream.rate-limit.enabled", true);
        prod.put("config.konagw.upstream.rate-limit.permits-per-second", 50);
        prod.put("config.konagw.upstream.rate-limit.replicas-hint", 12);
        Map<String, Object> prodWithKeys = new LinkedHashMap<>(prod);
        prodWithKeys.put("keys.existingSecret", "konagw-keys");
        Map<String, Object> prodWithSecrets = new LinkedHashMap<>(prodWithKeys);
        prodWithSecrets.put("secrets.existingSecret", "konagw-env");
        return Stream.of(
                Arguments.of("prod without keys", prod, "profile prod: set keys.existingSecret"),
                Arguments.of("prod without secrets", prodWithKeys, "profile prod: set secrets.aspId"),
                Arguments.of("prod without Redis", prodWithSecrets, "profile prod: configure Redis"),
                Arguments.of("Redis password in the URL", Map.of("config.spring.data.redis.url",
                        "redis://user:pw@redis:6379", "networkPolicy.enabled", false), "must not contain credentials"),
                Arguments.of("certificate without private key", Map.of("keys.serverCertificate", PEM_CERT),
                        "keys.serverCertificate needs keys.clientPrivateKey"),
                Arguments.of("next key id without its key", Map.of("keys.serverCertificate", PEM_CERT,
                        "keys.clientPrivateKey", PEM_KEY,
                        "config.konaplate.crypto.next.key-id", "fedcba9876543210fedcba9876543210"),
                        "config.konaplate.crypto.next.key-id needs keys.next.clientPrivateKey"),
                Arguments.of("one instance id for every replica", Map.of("config.konaplate.instance-id", 3),
                        "config.konaplate.instance-id would be the same in every pod"),
                Arguments.of("HPA min above max", Map.of("autoscaling.enabled", true, "autoscaling.minReplicas", 5,
                        "autoscaling.maxReplicas", 3), "autoscaling.minReplicas must not exceed"),
                Arguments.of("grace period shorter than the drain", Map.of("terminationGracePeriodSeconds", 30),
                        "terminationGracePeriodSeconds (30) must exceed"),
                Arguments.of("PDB that blocks every drain", Map.of("podDisruptionBudget.minAvailable", 2),
                        "podDisruptionBudget.minAvailable must be below replicaCount"),
                Arguments.of("upstream unreachable through the NetworkPolicy", Map.of("config.konaplate.base-url",
                        "https://openapi.konaplate.example"), "networkPolicy.egress.upstream.cidrs"),
                Arguments.of("Redis unreachable through the NetworkPolicy", Map.of("config.spring.data.redis.url",
                        "redis://redis:6379"), "networkPolicy.egress.redis.to"),
                Arguments.of("ServiceMonitor without a management port", Map.of(
                        "metrics.serviceMonitor.enabled", true, "service.exposeManagement", false),
                        "metrics.serviceMonitor needs service.exposeManagement"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chartChecks")
    void rejectedByTheChart(String what, Map<String, Object> set, String expected) {
        assertThat(HelmChart.templateError(set)).doesNotContain(SCHEMA).contains(expected);
    }
}
