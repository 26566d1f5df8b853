package konagw.gateway.upstream;

import java.util.function.Predicate;

import konagw.core.client.UpstreamTransportException;

/**
 * The retry predicate of the inquiry ({@link UpstreamBreakers#inquiryRetriesTransientFailures()}):
 * only failures that fail fast and say nothing about the request — connection refused or reset, 502, 503.
 * Never a vendor 4xx (those are answers, not errors), never a timeout (the budget is already spent), never a TLS
 * failure (a refused certificate or handshake fails the same way again). A connection the vendor's load balancer
 * closed while it idled in the pool ({@code PrematureCloseException}, an I/O failure) is retried.
 */
public final class RetryableUpstreamFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (!(failure instanceof UpstreamTransportException transport) || TlsFailures.isTls(failure)) {
            return false;
        }
        return switch (transport.kind()) {
            case CONNECT, IO -> true;
            case SERVER_ERROR -> transport.status() == 502 || transport.status() == 503;
            case TIMEOUT -> false;
        };
    }
}
