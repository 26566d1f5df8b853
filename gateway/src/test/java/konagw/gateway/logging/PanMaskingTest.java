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

    @Test
    void randomHexIdsWithALongDigitRunAreLeftWhole() {
        // a job id that CI once saw masked to 763b717016***2849c241e9dfed735ec in the job take-over line
        String jobId = "job=763b7170163252849c241e9dfed735ec chunk=4";
        assertThat(PanMasking.mask(jobId)).isSameAs(jobId);
        String traceAndRequest = "trace 4bf92035771345926a3ce929d0e0e473 request cf6175635452598e";
        assertThat(PanMasking.mask(traceAndRequest)).isSameAs(traceAndRequest);
        String upperHex = "ID 9F41000000000000001A";
        assertThat(PanMasking.mask(upperHex)).isSameAs(upperHex);
    }

    @Test
    void aCardGluedToAnythingButHexIsStillMasked() {
        assertThat(PanMasking.mask("cardNo9410000000000001")).isEqualTo("cardNo941000******0001");
        assertThat(PanMasking.mask("0x9410000000000001")).isEqualTo("0x941000******0001");
        assertThat(PanMasking.mask("9410000000000001_abc")).isEqualTo("941000******0001_abc");
        assertThat(PanMasking.mask("abc-9410000000000001-def")).isEqualTo("abc-941000******0001-def");
        // a hex id next to a card does not shield the card
        assertThat(PanMasking.mask("cf61756354525aee 9410000000000001"))
                .isEqualTo("cf61756354525aee 941000******0001");
    }
}
