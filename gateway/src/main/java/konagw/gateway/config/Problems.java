package konagw.gateway.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so that startup reports all of them at once. */
public final class Problems {

    private final List<String> problems = new ArrayList<>();

    public void add(String problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Requires a non-blank value of an exact length; the message never contains the value. */
    public String requireLength(String property, String value, int length) {
        if (value == null || value.isBlank()) {
            add(property + " is required");
        } else if (value.length() != length) {
            add(property + " must be exactly " + length + " characters (got " + value.length() + ")");
        }
        return value;
    }

    public String requireText(String property, String value) {
        if (value == null || value.isBlank()) {
            add(property + " is required");
        }
        return value;
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }
}
