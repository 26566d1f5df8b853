package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Config and env secrets reach a JVM only at start, so a change must roll the pods (checksum
 * annotations on the pod template); key files are re-read in place, so changing them must not.
 */
class ChecksumTest {

    private static final Map<String, Object> BASE = Map.of(
            "secrets.cacheSecret", "dGVzdC1vbmx5LWNhY2hlLXNlY3JldC0zMi1ieXRlcyE=",
            "keys.serverCertificate", "-----BEGIN CERTIFICATE-----\nQQ==\n-----END CERTIFICATE-----\n",
            "keys.clientPrivateKey", "-----BEGIN PRIVATE KEY-----\nQQ==\n-----END PRIVATE KEY-----\n");

    @Test
    void aConfigChangeRollsThePods() {
        Map<String, String> before = annotations(BASE);
        Map<String, String> after = annotations(with("config.konagw.cache.ttl.fixation", "6h"));
        assertThat(after.get("checksum/config")).isNotEqualTo(before.get("checksum/config"));
        assertThat(after.get("checksum/secret")).isEqualTo(before.get("checksum/secret"));
    }

    @Test
    void anEnvSecretChangeRollsThePods() {
        Map<String, String> before = annotations(BASE);
        Map<String, String> after = annotations(with("secrets.cacheSecret",
                "YW5vdGhlci10ZXN0LWNhY2hlLXNlY3JldC0zMi1ieXRlcw=="));
        assertThat(after.get("checksum/secret")).isNotNull().isNotEqualTo(before.get("checksum/secret"));
        assertThat(after.get("checksum/config")).isEqualTo(before.get("checksum/config"));
    }

    @Test
    void aKeyFileChangeUpdatesInPlaceWithoutRollingThePods() {
        Rendered before = HelmChart.template(BASE);
        Rendered after = HelmChart.template(with("keys.clientPrivateKey",
                "-----BEGIN PRIVATE KEY-----\nQkI=\n-----END PRIVATE KEY-----\n"));
        assertThat(after.podTemplate()).isEqualTo(before.podTemplate());
        assertThat(Y.map(after.one("Secret", "konagw-keys"), "data"))
                .isNotEqualTo(Y.map(before.one("Secret", "konagw-keys"), "data"));
        assertThat(Y.maps(after.container(), "volumeMounts")).noneMatch(m -> m.containsKey("subPath"));
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> values = new java.util.LinkedHashMap<>(BASE);
        values.put(key, value);
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> annotations(Map<String, Object> set) {
        return (Map<String, String>) (Map<?, ?>) Y.map(HelmChart.template(set).podTemplate(), "metadata", "annotations");
    }
}
