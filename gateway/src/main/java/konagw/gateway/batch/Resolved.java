package konagw.gateway.batch;

import konagw.gateway.inquiry.LookupResult;

/**
 * The answer for one distinct card of a batch: a lookup result (an account or a vendor error, with its
 * source), or the gateway failure that prevented one ({@code 900_00x}).
 */
record Resolved(int unique, LookupResult result, String errorCode, String errorMessage) {

    static Resolved of(int unique, LookupResult result) {
        return new Resolved(unique, result, null, null);
    }

    static Resolved failed(int unique, String code, String message) {
        return new Resolved(unique, null, code, message);
    }
}
