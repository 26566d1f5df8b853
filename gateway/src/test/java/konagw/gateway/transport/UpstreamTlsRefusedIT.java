package konagw.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.sandbox.SandboxCertificates;
import konagw.sandbox.SandboxTls;

/**
 * A handshake that fails is a clean answer — {@code 900_003} for a certificate the gateway does not accept,
 * {@code 900_001} for any other TLS failure — with one log line naming the host and the reason, no stack trace, and
 * nothing reaching the vendor's API. The facade's inquiry and a passthrough route classify alike.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamTlsRefusedIT {

    static final String BODY = "{\"memberId\":\"M-1001\"}";

    @Test
    void withoutTheBundleTheJdkTrustStoreRefusesTheTestCa(CapturedOutput output) {
        try (TestVendor vendor = TestVendor.start(SandboxTls.selfSigned("localhost"));
                TestGateway gateway = TestGateway.start(vendor.gatewayProperties())) {
            int from = output.length();
            refused(gateway, "900_003", 502);
            assertThat(vendor.sandbox.admin().totalRequests()).isZero();
            assertThat(errors(gateway, "certificate")).isEqualTo(1);
            assertOneLinePerFailureWithoutStack(output.toString().substring(from), "certificate",
                    "unable to find valid certification path");
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused(CapturedOutput output) {
        SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw test CA");
        SandboxTls tls = SandboxTls.of("localhost", ca.server("vendor.example"), ca);
        try (TestVendor vendor = TestVendor.start(tls);
                TestGateway gateway = TestGateway.start(trusting(vendor, ca))) {
            int from = output.length();
            refused(gateway, "900_003", 502);
            assertThat(vendor.sandbox.admin().totalRequests()).isZero();
            assertOneLinePerFailureWithoutStack(output.toString().substring(from), "certificate", "localhost");
        }
    }

    @Test
    void anExpiredCertificateIsRefused(CapturedOutput output) {
        SandboxCertificates.Authority ca = SandboxCertificates.authority("konagw test CA");
        SandboxTls tls = SandboxTls.of("localhost", ca.expiredServer("localhost"), ca);
        try (TestVendor vendor = TestVendor.start(tls);
                TestGateway gateway = TestGateway.start(trusting(vendor, ca))) {
            int from = output.length();
            refused(gateway, "900_003", 502);
            assertThat(vendor.sandbox.admin().totalRequests()).isZero();
            assertOneLinePerFailureWithoutStack(output.toString().substring(from), "certificate", "expired");
        }
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefusedCleanly(CapturedOutput output) {
        SandboxCertificates.Authority clients = SandboxCertificates.authority("konagw client CA");
        SandboxTls tls = SandboxTls.selfSigned("localhost").requireClientCertificates(clients.certificate());
        try (TestVendor vendor = TestVendor.start(tls);
                TestGateway gateway = TestGateway.start(trusting(vendor, tls.authority()))) {
            int from = output.length();
            refused(gateway, "900_001", 503);
            assertThat(vendor.sandbox.admin().totalRequests()).isZero();
            assertOneLinePerFailureWithoutStack(output.toString().substring(from), "tls", "certificate");
        }
    }

    private static Map<String, String> trusting(TestVendor vendor, SandboxCertificates.Authority ca) {
        Map<String, String> properties = vendor.gatewayProperties();
        properties.put("konaplate.ssl.bundle", "vendor");
        properties.put("spring.ssl.bundle.pem.vendor.truststore.certificate",
                vendor.write("ca.pem", UpstreamTlsIT.pem(ca.certificate())));
        return properties;
    }

    /** An inquiry and a passthrough call, each answered with {@code code} as a problem. */
    private static void refused(TestGateway gateway, String code, int status) {
        gateway.inquire(TestGateway.freshCard()).expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
        gateway.passthrough(TestGateway.MEMBER, BODY).expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private static double errors(TestGateway gateway, String failureClass) {
        return gateway.bean(MeterRegistry.class).find("konagw.upstream.errors").tag("class", failureClass)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static void assertOneLinePerFailureWithoutStack(String log, String failureClass, String reason) {
        assertThat(log.lines().filter(line -> line.contains("upstream TLS handshake failed")))
                .as("one line per failed call (the inquiry's, the passthrough's)\n%s", log)
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("host=localhost").contains("class=" + failureClass)
                        .containsIgnoringCase(reason));
        assertThat(log).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by:");
    }
}
