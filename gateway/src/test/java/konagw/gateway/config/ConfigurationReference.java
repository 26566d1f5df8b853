package konagw.gateway.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Renders docs/configuration.md from the configuration metadata that spring-boot-configuration-processor writes at
 * compile time: one table per {@code @ConfigurationProperties} record, every property with its type, default and
 * description (the javadoc of its record component).
 */
final class ConfigurationReference {

    static final String REGENERATE = "./mvnw -B -q -pl gateway -am test -Dtest=ConfigurationReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false; cp gateway/target/configuration.md docs/configuration.md";

    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][\\w$]*)");

    private ConfigurationReference() {
    }

    /** The {@code konagw.*} and {@code konaplate.*} properties of the metadata, by name. */
    static List<JsonNode> ownProperties(JsonNode metadata) {
        List<JsonNode> properties = new ArrayList<>();
        metadata.path("properties").forEach(p -> {
            String name = p.path("name").asString();
            if (name.startsWith("konagw.") || name.startsWith("konaplate.")) {
                properties.add(p);
            }
        });
        properties.sort(Comparator.comparing(p -> p.path("name").asString()));
        return properties;
    }

    static String render(JsonNode metadata) {
        // a root group is a record's prefix (nested records have a source method); longest prefix wins; two records
        // may share a prefix (konaplate: the connection and the transport)
        Map<String, String> roots = new TreeMap<>();
        metadata.path("groups").forEach(g -> {
            if (!g.has("sourceMethod")) {
                roots.merge(g.path("name").asString(), g.path("type").asString(),
                        (a, b) -> a.compareTo(b) <= 0 ? a + "` and `" + b : b + "` and `" + a);
            }
        });
        Map<String, List<JsonNode>> byRoot = new TreeMap<>();
        for (JsonNode property : ownProperties(metadata)) {
            String name = property.path("name").asString();
            String root = roots.keySet().stream().filter(r -> name.startsWith(r + "."))
                    .max(Comparator.comparingInt(String::length)).orElse(name);
            byRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(property);
        }

        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated from the configuration metadata; do not edit by hand. -->\n\n")
                .append("Every `konagw.*` and `konaplate.*` property the gateway binds, with its default. This file is\n")
                .append("rendered from the metadata that `spring-boot-configuration-processor` writes at compile time\n")
                .append("(the javadoc of the `@ConfigurationProperties` records), and a unit test fails the build when\n")
                .append("the two differ. After changing a property, regenerate it from the repository root:\n\n")
                .append("```sh\n").append(REGENERATE.replace("; ", "\n")).append("\n```\n\n")
                .append("Durations take a unit (`500ms`, `2s`, `5m`, `12h`), sizes too (`512KB`, `1MB`). Spring Boot's\n")
                .append("own properties (`spring.data.redis.*`) and Resilience4j's (`resilience4j.*`) are documented by\n")
                .append("those projects; the README names the instances the gateway uses.\n");
        byRoot.forEach((root, properties) -> {
            md.append("\n## `").append(root).append("`\n\n");
            String type = roots.get(root);
            if (type != null) {
                md.append("Bound by `").append(type.replace('$', '.')).append("`.\n\n");
            }
            md.append("| property | type | default | description |\n|---|---|---|---|\n");
            for (JsonNode p : properties) {
                md.append("| `").append(p.path("name").asString()).append("` | ")
                        .append(cell(type(p.path("type").asString()))).append(" | ")
                        .append(p.hasNonNull("defaultValue") ? "`" + p.get("defaultValue").asString() + "`" : "")
                        .append(" | ").append(cell(p.path("description").asString())).append(" |\n");
            }
        });
        return md.toString();
    }

    /** Short type names (as code: generics must not read as HTML); an enum shows its values as written in properties. */
    static String type(String javaType) {
        try {
            Class<?> type = Class.forName(javaType);
            if (type.isEnum()) {
                return Arrays.stream(type.getEnumConstants())
                        .map(c -> "`" + ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
                        .collect(Collectors.joining(", "));
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // a generic or not loadable type: shown by its short name
        }
        return "`" + QUALIFIED.matcher(javaType).replaceAll(m -> m.group(1).replace("$", ".")) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ").trim();
    }
}
