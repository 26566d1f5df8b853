package konagw.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Parsing and navigating YAML (and JSON) as plain maps and lists. */
final class Y {

    private Y() {
    }

    static Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }

    static Object load(String text) {
        return parser().load(text);
    }

    /** Every non-empty document of a multi-document stream. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : parser().loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** The value at a path of map keys (String) and list indices (Integer); null when absent. */
    static Object at(Object root, Object... path) {
        Object current = root;
        for (Object step : path) {
            if (current == null) {
                return null;
            }
            if (step instanceof Integer index) {
                List<?> list = (List<?>) current;
                current = index < list.size() ? list.get(index) : null;
            } else {
                current = ((Map<?, ?>) current).get(step);
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, Object... path) {
        Object value = at(root, path);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object root, Object... path) {
        Object value = at(root, path);
        return value == null ? List.of() : (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object root, Object... path) {
        return (List<Map<String, Object>>) (List<?>) list(root, path);
    }

    static String str(Object root, Object... path) {
        Object value = at(root, path);
        return value == null ? null : value.toString();
    }

    /** Deep merge: maps merge key by key, everything else (lists included) is replaced; as Helm does. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object current = merged.get(key);
            if (value == null) {
                merged.remove(key);
            } else if (current instanceof Map<?, ?> currentMap && value instanceof Map<?, ?> valueMap) {
                merged.put(key, merge((Map<String, Object>) currentMap, (Map<String, Object>) valueMap));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
