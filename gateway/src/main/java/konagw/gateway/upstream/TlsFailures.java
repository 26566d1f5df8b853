package konagw.gateway.upstream;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Recognises a TLS failure anywhere in a failure's cause chain (the facade client wraps it in its transport
 * exception, a passthrough route sees Netty's raw one) and names its reason for the log.
 */
final class TlsFailures {

    private static final int MAX_REASON = 240;
    private static final int MAX_DEPTH = 16;

    private TlsFailures() {
    }

    /** {@link FailureClass#CERTIFICATE}, {@link FailureClass#TLS}, or {@code null} when no TLS failure is involved. */
    static FailureClass classOf(Throwable failure) {
        boolean tls = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException || t instanceof SSLPeerUnverifiedException) {
                return FailureClass.CERTIFICATE;
            }
            tls |= t instanceof SSLException;
        }
        return tls ? FailureClass.TLS : null;
    }

    static boolean isTls(Throwable failure) {
        return classOf(failure) != null;
    }

    /**
     * The most specific message of the chain from its first TLS exception on (the JDK puts the useful words in the
     * innermost one: "unable to find valid certification path", "No subject alternative DNS name matching ..."),
     * shortened; never a stack trace.
     */
    static String reason(Throwable failure) {
        Throwable first = null;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (first == null && t instanceof SSLException) {
                first = t;
            }
        }
        if (first == null) {
            first = failure;
        }
        String reason = null;
        depth = 0;
        for (Throwable t = first; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        if (reason == null) {
            reason = first.getClass().getSimpleName();
        }
        reason = reason.replaceAll("[\\r\\n]+", " ");
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }
}
