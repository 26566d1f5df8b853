package konagw.core.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CardNumberTest {

    private static final String PAN = "9410123456789012";

    @Test
    void parsesSixteenAsciiDigits() {
        CardNumber card = CardNumber.parse(PAN);
        assertThat(card.digits()).isEqualTo(PAN);
    }

    @Test
    void masksAllButFirstSixAndLastFour() {
        assertThat(CardNumber.parse(PAN).masked()).isEqualTo("941012******9012");
    }

    @Test
    void toStringIsTheMaskedForm() {
        CardNumber card = CardNumber.parse(PAN);
        assertThat(card.toString()).isEqualTo("941012******9012").doesNotContain("345678");
        assertThat("card " + card).doesNotContain(PAN);
    }

    @Test
    void equalityIsByDigits() {
        assertThat(CardNumber.parse(PAN)).isEqualTo(CardNumber.parse(PAN)).hasSameHashCodeAs(CardNumber.parse(PAN))
                .isNotEqualTo(CardNumber.parse("9410123456789013"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missing(String raw) {
        assertThatThrownBy(() -> CardNumber.parse(raw))
                .isInstanceOfSatisfying(InvalidCardNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidCardNumberException.Reason.MISSING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"941012345678901", "94101234567890123", "94", "94101234567890121234"})
    void wrongLengthNamesTheRuleNotTheInput(String raw) {
        assertThatThrownBy(() -> CardNumber.parse(raw))
                .isInstanceOfSatisfying(InvalidCardNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidCardNumberException.Reason.WRONG_LENGTH);
                    assertThat(e.getMessage()).contains("16 digits").doesNotContain(raw);
                });
    }

    @ParameterizedTest
    // Arabic-Indic and full-width digits are Character.isDigit but not what the vendor accepts.
    @ValueSource(strings = {"941012345678901a", "9410-12345678901", " 941012345678901", "941012345678901\u0661",
            "94101234567890\uFF11\uFF12"})
    void nonAsciiDigitsAreRejectedWithoutEchoingTheInput(String raw) {
        assertThatThrownBy(() -> CardNumber.parse(raw))
                .isInstanceOfSatisfying(InvalidCardNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidCardNumberException.Reason.NOT_DIGITS);
                    assertThat(e.getMessage()).doesNotContain(raw).doesNotContain("9410");
                });
    }
}
