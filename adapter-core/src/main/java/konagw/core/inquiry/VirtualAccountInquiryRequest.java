package konagw.core.inquiry;

import java.nio.charset.StandardCharsets;
import konagw.core.card.CardNumber;

/** The inquiry's request body, {@code {"cardNo":"…"}}. toString masks the card number. */
public record VirtualAccountInquiryRequest(String cardNo) {

    public static VirtualAccountInquiryRequest of(CardNumber card) {
        return new VirtualAccountInquiryRequest(card.digits());
    }

    /** The exact JSON sent upstream; built by hand because a validated card number needs no escaping. */
    public static byte[] json(CardNumber card) {
        return ("{\"cardNo\":\"" + card.digits() + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "VirtualAccountInquiryRequest[cardNo=" + (CardNumber.isValid(cardNo) ? CardNumber.parse(cardNo).masked()
                : "<invalid>") + "]";
    }
}
