package konagw.core.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import konagw.core.card.CardNumber;
import konagw.core.protocol.KonaCode;
import org.junit.jupiter.api.Test;

class InquiryModelTest {

    @Test
    void virtualAccountFlagsAndMasking() {
        VirtualAccount fixed = new VirtualAccount("12345678901234", "088", "FIXATION", "ACTIVE");
        assertThat(fixed.fixation()).isTrue();
        assertThat(fixed.rotation()).isFalse();
        assertThat(fixed.active()).isTrue();
        assertThat(fixed.maskedAccountNo()).isEqualTo("**********1234");
        assertThat(fixed.toString()).doesNotContain("12345678901234").contains("**********1234").contains("088");

        VirtualAccount rotating = new VirtualAccount("1234", "004", "ROTATION", "INACTIVE");
        assertThat(rotating.rotation()).isTrue();
        assertThat(rotating.fixation()).isFalse();
        assertThat(rotating.active()).isFalse();
        assertThat(rotating.maskedAccountNo()).isEqualTo("****");
    }

    @Test
    void requestBodyIsTheExactJsonAndToStringMasks() {
        CardNumber card = CardNumber.parse("9410123456789012");
        assertThat(new String(VirtualAccountInquiryRequest.json(card), StandardCharsets.UTF_8))
                .isEqualTo("{\"cardNo\":\"9410123456789012\"}");
        assertThat(VirtualAccountInquiryRequest.of(card).toString()).doesNotContain("9410123456789012")
                .contains("941012******9012");
        assertThat(new VirtualAccountInquiryRequest("bogus").toString()).doesNotContain("bogus");
    }

    @Test
    void vendorErrorKnowsItsCode() {
        assertThat(new VendorError(400, "003_029", "Card not found").konaCode()).contains(KonaCode.CARD_NOT_FOUND);
        assertThat(new VendorError(400, "777_777", "?").konaCode()).isEmpty();
    }
}
