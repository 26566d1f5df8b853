package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;

import konagw.gateway.config.InvalidConfigurationException;

/** Transport misconfiguration stops the application at startup with a clear line naming the property. */
class TransportStartupIT {

    @Test
    void anUnknownBundleOrAnIncompleteProxyRefusesStartup() {
        try (TestVendor vendor = TestVendor.start(null)) {
            Map<String, String> bundle = vendor.gatewayProperties("https://localhost:" + vendor.sandbox.port());
            bundle.put("konaplate.ssl.bundle", "missing");
            assertThat(failure(bundle).problems()).singleElement().asString()
                    .startsWith("konaplate.ssl.bundle names SSL bundle 'missing', which is not configured");

            Map<String, String> proxy = vendor.gatewayProperties();
            proxy.put("konaplate.proxy.host", "127.0.0.1");
            proxy.put("konaplate.proxy.username", "gw");
            proxy.put("konaplate.proxy.password", "never-in-a-message");
            InvalidConfigurationException failure = failure(proxy);
            assertThat(failure.problems())
                    .containsExactly("konaplate.proxy.port must be within 1..65535 when konaplate.proxy.host is set");
            assertThat(failure.getMessage()).doesNotContain("never-in-a-message");
        }
    }

    private static InvalidConfigurationException failure(Map<String, String> properties) {
        Throwable thrown = catchThrowable(() -> TestGateway.start(properties).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("startup did not fail with InvalidConfigurationException", thrown);
    }
}
