package konagw.gateway.batch;

import konagw.gateway.inquiry.LookupResult;

/**
 * The answer for one distinct card of a batch: a lookup result (an account or a vendor error, with its
 * source), or the gateway failure that prevented one ({@code 900_00x}), and whether an upstream call was made for
 * it (the summary's {@code upstreamCalls}).
 */
record Resolved(int unique, LookupResult result, String errorCode, String errorMessage, boolean reachedUpstream) {

    static Resolved of(int unique, LookupResult result) {
        return new Resolved(unique, result, null, null, false);
    }

    /** A failure after an upstream call was made (or may have been: a backstop fired). */
    static Resolved failed(int unique, String code, String message) {
        return new Resolved(unique, null, code, message, true);
    }

    /** A failure of the gateway's own making before or instead of a call (breaker, bulkhead, quota, a bug). */
    static Resolved refused(int unique, String code, String message) {
        return new Resolved(unique, null, code, message, false);
    }
}
