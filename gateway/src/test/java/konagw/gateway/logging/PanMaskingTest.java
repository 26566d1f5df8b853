package konagw.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import konagw.core.card.CardNumber;

class PanMaskingTest {

    @Test
    void aSixteenDigitCardReadsAsItsMaskedForm() {
        assertThat(PanMasking.mask("card=9410000000000001.")).isEqualTo("card=" + CardNumber.parse("9410000000000001").masked() + ".");
    }

    @Test
    void runsOfThirteenToNineteenDigitsKeepTheirFirstSixAndLastFour() {
        assertThat(PanMasking.mask("4111110000001")).isEqualTo("411111***0001");
        assertThat(PanMasking.mask("4111110000000000001")).isEqualTo("411111*********0001");
        assertThat(PanMasking.mask("a 4111110000000001 b 5500000000000004 c"))
                .isEqualTo("a 411111******0001 b 550000******0004 c");
        assertThat(PanMasking.mask("{\"cardNo\":\"9410000000000001\"}")).isEqualTo("{\"cardNo\":\"941000******0001\"}");
    }

    @Test
    void shorterOrLongerRunsAndSeparatedDigitsAreNotCardNumbers() {
        String correlationId = "261123211502-00a4c01";
        assertThat(PanMasking.mask(correlationId)).isSameAs(correlationId);
        String twelve = "x 123456789012 y";
        assertThat(PanMasking.mask(twelve)).isSameAs(twelve);
        String twenty = "id 12345678901234567890";
        assertThat(PanMasking.mask(twenty)).isSameAs(twenty);
        assertThat(PanMasking.mask("2026-12-02T05:21:50.215Z")).isEqualTo("2026-12-02T05:21:50.215Z");
        assertThat(PanMasking.mask(null)).isNull();
        // non-ASCII digits are not read by the vendor either
        String arabic = "\u0664\u0661\u0661\u0661\u0661\u0661\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661";
        assertThat(PanMasking.mask(arabic)).isSameAs(arabic);
    }
}
