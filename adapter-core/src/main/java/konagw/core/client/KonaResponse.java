package konagw.core.client;

import konagw.core.inquiry.VendorError;

/**
 * The answer to one exchange: a success or a vendor error. Vendor errors (4xx with a result code) are values,
 * not exceptions: they are legitimate answers (unknown card, no account) that callers cache and pass on.
 */
public sealed interface KonaResponse<T> permits KonaResponse.Success, KonaResponse.Failure {

    String correlationId();

    record Success<T>(T value, String correlationId, int httpStatus) implements KonaResponse<T> {
    }

    record Failure<T>(VendorError error, String correlationId) implements KonaResponse<T> {
    }
}
