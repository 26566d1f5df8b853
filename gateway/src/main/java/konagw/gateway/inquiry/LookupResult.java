package konagw.gateway.inquiry;

import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;

/**
 * The answer for one card: an account or a vendor error (both cacheable), with its source. Gateway
 * failures are not results; they travel as {@link konagw.gateway.upstream.UpstreamFailure} errors.
 * {@code correlationId} is the upstream exchange's, or {@code null} when no exchange happened.
 */
public record LookupResult(LookupSource source, VirtualAccount account, VendorError vendorError, String correlationId) {

    public static LookupResult account(LookupSource source, VirtualAccount account, String correlationId) {
        return new LookupResult(source, account, null, correlationId);
    }

    public static LookupResult vendorError(LookupSource source, VendorError error, String correlationId) {
        return new LookupResult(source, null, error, correlationId);
    }

    public boolean found() {
        return account != null;
    }
}
