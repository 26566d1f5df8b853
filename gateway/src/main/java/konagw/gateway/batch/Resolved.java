package konagw.gateway.batch;

import konagw.core.protocol.KonaCode;
import konagw.gateway.inquiry.LookupResult;
import konagw.gateway.upstream.FailureClass;

/**
 * The answer for one distinct card of a batch: a lookup result (an account or a vendor error, with its
 * source), or the gateway failure that prevented one ({@code 900_00x}) with its class when the upstream guard
 * classified it ({@code null} otherwise).
 */
record Resolved(int unique, LookupResult result, String errorCode, String errorMessage, FailureClass failure) {

    static Resolved of(int unique, LookupResult result) {
        return new Resolved(unique, result, null, null, null);
    }

    /** A failure the guard did not classify: a backstop that fired, or the gateway's own error. */
    static Resolved failed(int unique, String code, String message) {
        return new Resolved(unique, null, code, message, null);
    }

    static Resolved failed(int unique, FailureClass failure, String message) {
        return new Resolved(unique, null, failure.code().code(), message, failure);
    }

    /** Another distinct-card number for the same answer (a retried subset maps back to its chunk). */
    Resolved as(int otherUnique) {
        return new Resolved(otherUnique, result, errorCode, errorMessage, failure);
    }

    /** For the audit trail: {@code CACHE}, {@code UPSTREAM} or {@code STALE}; null when nothing answered. */
    String source() {
        return result == null ? null : result.source().name();
    }

    /** For the audit trail: {@code 000_000} for an account, else the vendor's or the gateway's code. */
    String resultCode() {
        return result == null ? errorCode : result.found() ? KonaCode.SUCCESS.code() : result.vendorError().code();
    }

    /** The vendor exchange's X-KM-Correlation-Id, when the card went upstream. */
    String correlationId() {
        return result == null ? null : result.correlationId();
    }

    /**
     * Whether an upstream call was made for a failed card (the summary's {@code upstreamCalls}): not when the guard
     * refused it (breaker, bulkhead, quota, no correlation id) nor for the gateway's own error; a backstop that fired
     * may have had a call out.
     */
    boolean reachedUpstream() {
        if (failure != null) {
            return failure.reachedUpstream();
        }
        return !BatchResultWriter.INTERNAL_ERROR_CODE.equals(errorCode);
    }
}
