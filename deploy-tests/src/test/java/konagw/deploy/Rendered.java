package konagw.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of one helm template run. */
record Rendered(List<Map<String, Object>> objects) {

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(Y.str(o, "metadata", "name"))).findFirst();
    }

    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    Map<String, Object> one(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    Map<String, Object> deployment() {
        return one("Deployment");
    }

    Map<String, Object> podTemplate() {
        return Y.map(deployment(), "spec", "template");
    }

    Map<String, Object> podSpec() {
        return Y.map(podTemplate(), "spec");
    }

    /** The gateway container (the only one). */
    Map<String, Object> container() {
        List<Map<String, Object>> containers = Y.maps(podSpec(), "containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** The application.yaml of the ConfigMap, parsed. */
    Map<String, Object> applicationYaml() {
        return Y.map(Y.load(applicationYamlText()));
    }

    String applicationYamlText() {
        return Y.str(one("ConfigMap"), "data", "application.yaml");
    }
}
