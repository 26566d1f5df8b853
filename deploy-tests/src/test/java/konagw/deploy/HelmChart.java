package konagw.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * helm/konagw through helm-java (Helm as a native library in-process: no helm binary, no cluster).
 * Paths resolve from the module directory, where Surefire runs.
 */
final class HelmChart {

    static final Path REPO = locateRepository();
    static final Path CHART = REPO.resolve("helm/konagw");
    static final Path PROD_VALUES = CHART.resolve("ci/prod-values.yaml");
    static final String RELEASE = "konagw";
    static final String NAMESPACE = "payments";
    /** helm-java's client-only default is v1.20, below the chart's kubeVersion (>=1.27). */
    static final String KUBE_VERSION = "1.31.0";

    private HelmChart() {
    }

    static Rendered template(Path... valuesFiles) {
        return template(Map.of(), valuesFiles);
    }

    /** helm template with values files in order, then --set entries (insertion order). */
    static Rendered template(Map<String, ?> set, Path... valuesFiles) {
        return new Rendered(Y.loadAll(command(set, valuesFiles).call()));
    }

    /** The error of a helm template expected to fail. */
    static String templateError(Map<String, ?> set, Path... valuesFiles) {
        try {
            String manifest = command(set, valuesFiles).call();
            throw new AssertionError("helm template succeeded but was expected to fail; rendered:\n" + manifest);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static TemplateCommand command(Map<String, ?> set, Path... valuesFiles) {
        TemplateCommand command = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, ?> entry : set.entrySet()) {
            command = command.set(entry.getKey(), entry.getValue());
        }
        return command;
    }

    /**
     * helm lint --strict. helm-java 0.0.21's lint takes no values files, so with values files the chart
     * is copied and its values.yaml replaced by the defaults deep-merged with the files (what Helm's
     * own coalescing does): schema, templates and strict mode then see exactly those values.
     */
    static LintResult lintStrict(Path... valuesFiles) {
        if (valuesFiles.length == 0) {
            return new Helm(CHART).lint().strict().call();
        }
        Path copy = copyChart();
        try {
            Map<String, Object> values = readMap(CHART.resolve("values.yaml"));
            for (Path file : valuesFiles) {
                values = Y.merge(values, readMap(file));
            }
            Files.writeString(copy.resolve("values.yaml"), Y.parser().dump(values));
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(copy.getParent());
        }
    }

    static Map<String, Object> readMap(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) Y.load(Files.readString(file));
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyChart() {
        try {
            Path target = Files.createTempDirectory("konagw-chart").resolve(CHART.getFileName());
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path destination = target.resolve(CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locateRepository() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("helm/konagw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("helm/konagw not found above " + here);
    }
}
