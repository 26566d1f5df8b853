package konagw.gateway.inquiry;

import io.swagger.v3.oas.annotations.media.Schema;
import konagw.core.inquiry.VirtualAccount;

/** The facade's 200 answer: the four fields of the vendor's answer, nothing else. */
@Schema(name = "VirtualAccount", description = "The virtual account linked to the card")
public record AccountBody(
        @Schema(description = "virtual account number", minLength = 1, maxLength = 20) String accountNo,
        @Schema(description = "bank code", minLength = 3, maxLength = 3) String bankCode,
        @Schema(description = "link type", allowableValues = {"FIXATION", "ROTATION"}) String connectType,
        @Schema(description = "account status", allowableValues = {"ACTIVE", "INACTIVE"}) String status) {

    static AccountBody of(VirtualAccount account) {
        return new AccountBody(account.accountNo(), account.bankCode(), account.connectType(), account.status());
    }
}
