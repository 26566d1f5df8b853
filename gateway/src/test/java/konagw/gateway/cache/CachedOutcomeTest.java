package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CachedOutcomeTest {

    @Test
    void theStoredCodesAreTheOrdinalsEntriesWereWrittenWith() {
        // entries sealed before the codes were explicit stored the ordinal: these numbers must never change
        assertThat(CachedOutcome.ACCOUNT.code()).isEqualTo((byte) 0);
        assertThat(CachedOutcome.CARD_NOT_FOUND.code()).isEqualTo((byte) 1);
        assertThat(CachedOutcome.NO_ACCOUNT.code()).isEqualTo((byte) 2);
        for (CachedOutcome outcome : CachedOutcome.values()) {
            assertThat(CachedOutcome.ofCode(outcome.code())).isEqualTo(outcome);
        }
        assertThatThrownBy(() -> CachedOutcome.ofCode((byte) 7)).isInstanceOf(IllegalArgumentException.class);
    }
}
