package konagw.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused configuration into Boot's "APPLICATION FAILED TO START" report instead of a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the properties listed above (see README.md, Configuration) and start again.", cause);
    }
}
