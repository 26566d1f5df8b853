package konagw.gateway.upstream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import konagw.core.client.KonaResponse;

/**
 * What the guard records of each call: for the inquiry policies the timer {@code konagw.upstream.requests{api,
 * outcome,class}} and the counter {@code konagw.upstream.errors{api,class}}; for passthrough routes
 * {@code konagw.passthrough.errors{route,class}}; for every policy {@code konagw.crypto.failures} and one log line
 * per failure at its class's level.
 */
public final class GuardMetrics {

    private static final Logger log = LoggerFactory.getLogger(UpstreamGuard.class);
    private static final String INQUIRY = "inquiry";

    private final MeterRegistry meters;
    private final CryptoFailures cryptoFailures;
    private final Timer success;
    private final Timer vendorError;
    private final String upstreamHost;

    public GuardMetrics(MeterRegistry meters) {
        this(meters, "-");
    }

    /** @param upstreamHost the vendor's host, named by the log line of a TLS failure */
    public GuardMetrics(MeterRegistry meters, String upstreamHost) {
        this.meters = meters;
        this.upstreamHost = upstreamHost;
        this.cryptoFailures = new CryptoFailures(meters);
        this.success = timer("success", "none");
        this.vendorError = timer("vendor_error", "none");
    }

    Call start(UpstreamPolicy policy) {
        return new Call(policy, policy.kind() == UpstreamPolicy.Kind.PASSTHROUGH ? null : Timer.start(meters));
    }

    /** One guarded call being recorded. */
    final class Call {

        private final UpstreamPolicy policy;
        private final Timer.Sample sample;

        private Call(UpstreamPolicy policy, Timer.Sample sample) {
            this.policy = policy;
            this.sample = sample;
        }

        void answered(Object value) {
            if (sample != null) {
                sample.stop(value instanceof KonaResponse.Failure<?> ? vendorError : success);
            }
        }

        UpstreamFailure failed(Throwable raw, UpstreamFailure failure, String subject) {
            FailureClass kind = failure.failureClass();
            if (sample != null) {
                sample.stop(timer("failure", kind.tag()));
                meters.counter("konagw.upstream.errors", "api", INQUIRY, "class", kind.tag()).increment();
            } else {
                meters.counter("konagw.passthrough.errors", "route", policy.route(), "class", kind.tag()).increment();
            }
            cryptoFailures.count(raw);
            if (kind == FailureClass.OTHER) {
                log.error("upstream call failed unexpectedly: policy={} subject={} correlationId={}", policy.label(),
                        subject, failure.correlationId(), raw);
            } else if (kind == FailureClass.TLS || kind == FailureClass.CERTIFICATE) {
                // the one line an operator needs: which host, and the JDK's words for why (never the stack)
                log.atLevel(kind.logLevel()).log(
                        "upstream TLS handshake failed: policy={} host={} class={} code={} reason={}", policy.label(),
                        upstreamHost, kind.tag(), kind.code().code(), TlsFailures.reason(raw));
            } else {
                log.atLevel(kind.logLevel()).log(
                        "upstream call failed: policy={} subject={} class={} code={} correlationId={}", policy.label(),
                        subject, kind.tag(), kind.code().code(), failure.correlationId());
            }
            return failure;
        }
    }

    private Timer timer(String outcome, String errorClass) {
        return Timer.builder("konagw.upstream.requests")
                .description("upstream calls as the caller sees them, retries included")
                .tags("api", INQUIRY, "outcome", outcome, "class", errorClass)
                .publishPercentileHistogram()
                .register(meters);
    }
}
