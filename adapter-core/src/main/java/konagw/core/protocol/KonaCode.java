package konagw.core.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every result code: the vendor's (0xx_xxx) and the gateway's own (900_xxx), with HTTP status and message. */
public enum KonaCode {
    SUCCESS("000_000", 200, "Success."),
    INVALID_INPUT("000_002", 400, "Invalid input parameter."),
    MISSING_REQUIRED("000_003", 400, "Missing required values."),
    CARD_NOT_FOUND("003_029", 400, "Card not found"),
    VIRTUAL_ACCOUNT_NOT_FOUND("003_067", 400, "Not found virtual account."),
    INTERNAL_ERROR("900_000", 500, "Internal gateway error."),
    UPSTREAM_UNAVAILABLE("900_001", 503, "Upstream unavailable."),
    UPSTREAM_TIMEOUT("900_002", 504, "Upstream timed out."),
    UPSTREAM_UNUSABLE("900_003", 502, "Upstream answer unusable."),
    RATE_LIMITED("900_004", 429, "Too many requests."),
    UNAUTHENTICATED("900_005", 401, "Caller not authenticated."),
    PAYLOAD_TOO_LARGE("900_006", 413, "Payload too large."),
    UNSUPPORTED_MEDIA_TYPE("900_007", 415, "Unsupported media type."),
    JOB_NOT_FOUND("900_008", 404, "Job not found.");

    private static final Map<String, KonaCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(KonaCode::code, Function.identity()));

    private final String code;
    private final int httpStatus;
    private final String message;

    KonaCode(String code, int httpStatus, String message) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String message() {
        return message;
    }

    /** True for the gateway's own codes, false for the vendor's. */
    public boolean gatewayCode() {
        return code.startsWith("900_");
    }

    public static Optional<KonaCode> byCode(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(BY_CODE.get(code));
    }
}
