package konagw.gateway.batch;

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
}
