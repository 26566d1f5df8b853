package konagw.core.inquiry;

import java.util.Optional;
import konagw.core.protocol.KonaCode;

/** An error answer from the vendor: its HTTP status, result code and message, kept as sent. */
public record VendorError(int httpStatus, String code, String message) {

    /** The code as a known {@link KonaCode}, empty for codes this library does not list. */
    public Optional<KonaCode> konaCode() {
        return KonaCode.byCode(code);
    }
}
