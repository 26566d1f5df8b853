package konagw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import konagw.core.protocol.KonaCode;

/** TLS failures as the JDK and Netty raise them, wrapped or not, become {@code tls} or {@code certificate}. */
class TlsFailuresTest {

    @Test
    void aCertificateTheGatewayDoesNotAcceptIsUnusable() {
        SSLHandshakeException untrusted = handshake("PKIX path building failed",
                new CertPathBuilderException("unable to find valid certification path to requested target"));
        UpstreamFailure failure = UpstreamFailures.classify(new DecoderException(untrusted), null);
        assertThat(failure.failureClass()).isEqualTo(FailureClass.CERTIFICATE);
        assertThat(failure.code()).isEqualTo(KonaCode.UPSTREAM_UNUSABLE);
        assertThat(failure.retryAfter()).isNull();
        assertThat(failure.getMessage()).isEqualTo("Upstream certificate not accepted.");
        assertThat(TlsFailures.reason(new DecoderException(untrusted)))
                .isEqualTo("CertPathBuilderException: unable to find valid certification path to requested target");

        SSLHandshakeException otherHost = handshake("(certificate_unknown) No subject alternative DNS name",
                new CertificateException("No subject alternative DNS name matching localhost found."));
        assertThat(UpstreamFailures.classify(otherHost, null).failureClass()).isEqualTo(FailureClass.CERTIFICATE);
    }

    @Test
    void anyOtherHandshakeFailureIsUnavailable() {
        SSLException alert = new SSLHandshakeException("Received fatal alert: certificate_required");
        UpstreamFailure failure = UpstreamFailures.classify(new IOException("wrapped", alert), null);
        assertThat(failure.failureClass()).isEqualTo(FailureClass.TLS);
        assertThat(failure.code()).isEqualTo(KonaCode.UPSTREAM_UNAVAILABLE);
        assertThat(failure.failureClass().tag()).isEqualTo("tls");
        assertThat(UpstreamFailures.classify(new SslHandshakeTimeoutException("handshake timed out after 10000ms"),
                null).failureClass()).isEqualTo(FailureClass.TLS);
        assertThat(TlsFailures.reason(alert)).isEqualTo("SSLHandshakeException: Received fatal alert: "
                + "certificate_required");
    }

    @Test
    void failuresWithoutTlsAreLeftToTheOtherRules() {
        assertThat(TlsFailures.classOf(new IOException("Connection reset by peer"))).isNull();
        assertThat(UpstreamFailures.classify(new IOException("Connection reset by peer"), null).failureClass())
                .isEqualTo(FailureClass.IO);
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }
}
