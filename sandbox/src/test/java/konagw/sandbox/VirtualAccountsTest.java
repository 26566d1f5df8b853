package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import konagw.core.inquiry.VirtualAccount;
import konagw.core.protocol.KonaCode;

class VirtualAccountsTest {

    private final VirtualAccounts accounts = new VirtualAccounts();

    @ParameterizedTest
    @CsvSource({
            "9410000000000029, 003_029",
            "9410000000000067, 003_067",
            "9410000000000004, 003_029",
            "9430000000000001, 003_029",
            "0000000000000000, 003_029"})
    void errorCards(String card, String code) {
        KonaCode error = accounts.lookup(card).error();
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(code);
    }

    @Test
    void generatedAccountsAreDeterministicWellFormedAndSpread() {
        Set<String> numbers = new HashSet<>();
        Set<String> banks = new HashSet<>();
        for (long i = 0; i < 10_000; i++) {
            String card = "9420" + String.format("%012d", i * 99_991L);
            VirtualAccount a = accounts.lookup(card).account();
            assertThat(a).isEqualTo(new VirtualAccounts().derive(card));
            assertThat(a.accountNo()).matches("3\\d{13}");
            assertThat(a.bankCode()).matches("\\d{3}");
            assertThat(a.fixation()).isTrue();
            assertThat(a.active()).isTrue();
            numbers.add(a.accountNo());
            banks.add(a.bankCode());
        }
        assertThat(numbers).hasSize(10_000);
        assertThat(banks.size()).isGreaterThan(10);
    }
}
