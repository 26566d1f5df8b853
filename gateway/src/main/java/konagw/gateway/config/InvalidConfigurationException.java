package konagw.gateway.config;

import java.util.List;

/**
 * Startup refused: one line per problem, each naming the property and what is expected, never its value.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("konagw configuration is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
