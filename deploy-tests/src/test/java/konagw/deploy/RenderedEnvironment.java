package konagw.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * What a rendered chart hands the application: the gateway container's environment variables (with
 * secretKeyRefs resolved against the Secrets of the same render) and the ConfigMap's application.yaml,
 * plus the files its volumes mount. {@link #toSpringEnvironment()} stacks them the way Spring Boot
 * does at startup (environment over config file), so that a test can bind the application's
 * configuration classes from exactly what the chart renders.
 *
 * <p>TODO(gateway): once the gateway's configuration classes settle, add a test in this module
 * (deploy-tests then depends on gateway, test scope) that binds {@code KonaplateProperties},
 * {@code CacheProperties}, {@code LimitsProperties} … from {@code toSpringEnvironment(root)} after
 * {@code materializeFiles(root)}, and runs the gateway's own validation on them.
 */
final class RenderedEnvironment {

    /** Placeholder value of a variable whose Secret is not part of the render (existingSecret). */
    static final String EXTERNAL = "<external secret %s/%s>";

    private final Map<String, String> variables;
    private final String applicationYaml;
    private final Map<String, byte[]> files;
    private final String containerName;

    private RenderedEnvironment(Map<String, String> variables, String applicationYaml, Map<String, byte[]> files,
                                String containerName) {
        this.variables = variables;
        this.applicationYaml = applicationYaml;
        this.files = files;
        this.containerName = containerName;
    }

    static RenderedEnvironment of(Rendered rendered) {
        Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
        for (Map<String, Object> secret : rendered.all("Secret")) {
            secrets.put(Y.str(secret, "metadata", "name"), secretData(secret));
        }
        Map<String, Map<String, byte[]>> configMaps = new LinkedHashMap<>();
        for (Map<String, Object> configMap : rendered.all("ConfigMap")) {
            Map<String, byte[]> data = new LinkedHashMap<>();
            Y.map(configMap, "data").forEach((k, v) -> data.put(k, v.toString().getBytes(StandardCharsets.UTF_8)));
            configMaps.put(Y.str(configMap, "metadata", "name"), data);
        }

        Map<String, Object> container = rendered.container();
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map<String, Object> env : Y.maps(container, "env")) {
            String name = Y.str(env, "name");
            if (env.containsKey("value")) {
                variables.put(name, Y.str(env, "value"));
                continue;
            }
            Map<String, Object> ref = Y.map(env, "valueFrom", "secretKeyRef");
            if (ref.isEmpty()) {
                throw new IllegalStateException("env " + name + ": only value and secretKeyRef are modelled");
            }
            String secretName = Y.str(ref, "name");
            String key = Y.str(ref, "key");
            boolean optional = Boolean.TRUE.equals(ref.get("optional"));
            Map<String, byte[]> secret = secrets.get(secretName);
            if (secret == null) {
                variables.put(name, EXTERNAL.formatted(secretName, key));
            } else if (secret.containsKey(key)) {
                variables.put(name, new String(secret.get(key), StandardCharsets.UTF_8));
            } else if (!optional) {
                throw new IllegalStateException("env " + name + " refers to missing key " + key + " of Secret "
                        + secretName + ": the pod would not start");
            }
        }

        Map<String, byte[]> files = new TreeMap<>();
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        Y.maps(rendered.podSpec(), "volumes").forEach(v -> volumes.put(Y.str(v, "name"), v));
        for (Map<String, Object> mount : Y.maps(container, "volumeMounts")) {
            Map<String, Object> volume = volumes.get(Y.str(mount, "name"));
            Map<String, byte[]> content = null;
            if (volume.containsKey("secret")) {
                content = secrets.get(Y.str(volume, "secret", "secretName"));
            } else if (volume.containsKey("configMap")) {
                content = configMaps.get(Y.str(volume, "configMap", "name"));
            }
            if (content != null) {
                String dir = Y.str(mount, "mountPath");
                content.forEach((file, bytes) -> files.put(dir + "/" + file, bytes));
            }
        }
        return new RenderedEnvironment(variables, rendered.applicationYamlText(), files, Y.str(container, "name"));
    }

    /** Environment variables by name, as the container sees them. */
    Map<String, String> variables() {
        return variables;
    }

    /** The ConfigMap's application.yaml as Spring reads it: flattened property names to values. */
    Map<String, Object> applicationProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (PropertySource<?> source : applicationYamlSources()) {
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
            for (String name : enumerable.getPropertyNames()) {
                properties.put(name, enumerable.getProperty(name));
            }
        }
        return properties;
    }

    /** Mounted files that come from objects of the render: absolute path in the container to content. */
    Map<String, byte[]> files() {
        return files;
    }

    /** Writes {@link #files()} below root (root + absolute path) for a binding test to read. */
    void materializeFiles(Path root) {
        files.forEach((path, bytes) -> {
            Path target = root.resolve(path.substring(1));
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The application's environment: container env over the ConfigMap's application.yaml. */
    ConfigurableEnvironment toSpringEnvironment() {
        return toSpringEnvironment(null);
    }

    /**
     * As {@link #toSpringEnvironment()}, with {@code file:/…} locations of mounted files pointed below
     * root (see {@link #materializeFiles(Path)}).
     */
    ConfigurableEnvironment toSpringEnvironment(Path root) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        // Named "systemEnvironment" so that Spring Boot applies its relaxed environment-variable mapping.
        Map<String, Object> env = new LinkedHashMap<>(variables);
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        for (PropertySource<?> source : applicationYamlSources()) {
            sources.addLast(root == null ? source : relocated((EnumerablePropertySource<?>) source, root));
        }
        return environment;
    }

    String containerName() {
        return containerName;
    }

    private List<PropertySource<?>> applicationYamlSources() {
        try {
            return new YamlPropertySourceLoader().load("configmap:application.yaml",
                    new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PropertySource<?> relocated(EnumerablePropertySource<?> source, Path root) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : source.getPropertyNames()) {
            Object value = source.getProperty(name);
            String text = value == null ? null : value.toString();
            if (text != null && text.startsWith("file:/") && files.containsKey(text.substring("file:".length()))) {
                value = "file:" + root.resolve(text.substring("file:/".length()));
            }
            properties.put(name, value);
        }
        return new MapPropertySource(source.getName(), properties);
    }

    private static Map<String, byte[]> secretData(Map<String, Object> secret) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        Y.map(secret, "data").forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v.toString())));
        Y.map(secret, "stringData").forEach((k, v) -> data.put(k, v.toString().getBytes(StandardCharsets.UTF_8)));
        return data;
    }
}
