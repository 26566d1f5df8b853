package konagw.gateway.tracing;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out the tracing auto-configurations ({@link TracingActivation#AUTO_CONFIGURATIONS}) unless tracing is
 * {@link TracingActivation#enabled enabled}: Boot would otherwise build a tracer that samples 10 % of requests into
 * no exporter, and register its handlers on every observation. Registered in {@code META-INF/spring.factories}.
 */
public final class TracingAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean tracing = environment == null || TracingActivation.enabled(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            matches[i] = tracing || autoConfigurationClasses[i] == null
                    || !TracingActivation.AUTO_CONFIGURATIONS.contains(autoConfigurationClasses[i]);
        }
        return matches;
    }
}
