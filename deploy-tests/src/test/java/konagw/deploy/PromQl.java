package konagw.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to say what an expression reads: its series selectors (metric name and label
 * matchers) and the labels it groups by. Function names, keywords, numbers, durations ({@code [5m]},
 * {@code [$__rate_interval]}) and string literals are skipped. Not a validator: promtool is.
 */
final class PromQl {

    /** Identifiers followed by '(' that take label names, not an expression. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    /** Aggregation operators: may be followed by "by (…)" before their parenthesis. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    record Matcher(String label, String op, String value) {

        boolean matches(String actual) {
            String value = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> value.equals(this.value);
                case "!=" -> !value.equals(this.value);
                // Prometheus anchors its regular expressions
                case "=~" -> Pattern.compile("^(?:" + this.value + ")$").matcher(value).matches();
                case "!~" -> !Pattern.compile("^(?:" + this.value + ")$").matcher(value).matches();
                default -> throw new IllegalStateException(op);
            };
        }
    }

    record Selector(String metric, List<Matcher> matchers) {
    }

    record Parsed(List<Selector> selectors, Set<String> groupingLabels) {
    }

    private PromQl() {
    }

    static Parsed parse(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expr);
                }
            } else if (c == '{') {
                throw new IllegalArgumentException("a selector without a metric name in " + expr);
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (LABEL_LISTS.contains(word)) {
                    if (next < n && expr.charAt(next) == '(') {
                        int close = expr.indexOf(')', next);
                        for (String label : expr.substring(next + 1, close).split(",")) {
                            if (!label.isBlank()) {
                                grouping.add(label.trim());
                            }
                        }
                        i = close + 1;
                    }
                } else if (KEYWORDS.contains(word.toLowerCase(Locale.ROOT)) || AGGREGATIONS.contains(word)) {
                    continue;
                } else if (next < n && expr.charAt(next) == '(') {
                    // a function or an aggregation: its arguments are read as the loop goes on
                    i = next + 1;
                } else if (next < n && expr.charAt(next) == '{') {
                    int close = closingBrace(expr, next);
                    selectors.add(new Selector(word, matchers(expr.substring(next + 1, close))));
                    i = close + 1;
                } else {
                    selectors.add(new Selector(word, List.of()));
                }
            } else {
                i++;
            }
        }
        return new Parsed(selectors, grouping);
    }

    private static List<Matcher> matchers(String body) {
        List<Matcher> matchers = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipSpaces(body, i);
            if (i >= body.length()) {
                return matchers;
            }
            int start = i;
            while (i < body.length() && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
                i++;
            }
            String label = body.substring(start, i);
            i = skipSpaces(body, i);
            int opStart = i;
            while (i < body.length() && "=!~".indexOf(body.charAt(i)) >= 0) {
                i++;
            }
            String op = body.substring(opStart, i);
            i = skipSpaces(body, i);
            int end = skipString(body, i);
            String value = body.substring(i + 1, end - 1).replace("\\\\", "\\");
            if (label.isEmpty() || !Set.of("=", "!=", "=~", "!~").contains(op)) {
                throw new IllegalArgumentException("cannot read the matchers {" + body + "}");
            }
            matchers.add(new Matcher(label, op, value));
            i = skipSpaces(body, end);
            if (i < body.length() && body.charAt(i) == ',') {
                i++;
            }
        }
    }

    private static int skipString(String text, int quote) {
        char delimiter = text.charAt(quote);
        for (int i = quote + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && delimiter != '`') {
                i++;
            } else if (c == delimiter) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unclosed string in " + text);
    }

    private static int closingBrace(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i) - 1;
            } else if (c == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed { in " + text);
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
