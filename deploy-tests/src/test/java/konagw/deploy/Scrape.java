package konagw.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A scrape in the Prometheus text format, as series: metric name, labels and value. */
record Scrape(List<Series> series) {

    record Series(String metric, Map<String, String> labels, double value) {
    }

    static Scrape parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String metric = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int equals = line.indexOf('=', i);
                    String label = line.substring(i, equals).trim();
                    StringBuilder value = new StringBuilder();
                    int j = equals + 2; // past ="
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char escaped = line.charAt(++j);
                            value.append(escaped == 'n' ? '\n' : escaped);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            String[] rest = line.substring(i).trim().split(" ");
            series.add(new Series(metric, labels, Double.parseDouble(rest[0])));
        }
        return new Scrape(List.copyOf(series));
    }

    Set<String> metrics() {
        Set<String> names = new TreeSet<>();
        series.forEach(s -> names.add(s.metric()));
        return names;
    }

    List<Series> of(String metric) {
        return series.stream().filter(s -> s.metric().equals(metric)).toList();
    }

    /** The value of the one series of {@code metric} with these labels (among others). */
    Optional<Double> value(String metric, Map<String, String> labels) {
        return of(metric).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .map(Series::value).findFirst();
    }
}
