package konagw.gateway.inquiry;

import io.swagger.v3.oas.annotations.media.Schema;

/** The request body of the inquiry and of the eviction (documentation only: the handler streams it). */
@Schema(name = "CardRequest")
public record CardRequest(
        @Schema(description = "card number, exactly 16 ASCII digits", requiredMode = Schema.RequiredMode.REQUIRED,
                pattern = "^[0-9]{16}$", example = "9410000000000001") String cardNo) {
}
