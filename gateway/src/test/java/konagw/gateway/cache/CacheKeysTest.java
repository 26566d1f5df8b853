package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import konagw.core.card.CardNumber;

/** A card's key is the same whichever form the card arrives in, and what entries written before were stored under. */
class CacheKeysTest {

    final CacheKeys keys = new CacheKeys(CacheSecrets.derive(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).keyHmacKey());

    @Test
    void aCardHeldAsANumberHasTheKeyOfItsDigits() {
        Random random = new Random(18);
        for (int i = 0; i < 1_000; i++) {
            long number = Math.floorMod(random.nextLong(), CardNumber.NUMBER_BOUND);
            CardNumber card = CardNumber.parse(String.format("%016d", number));
            assertThat(keys.keyOf(number)).isEqualTo(keys.keyOf(card));
        }
        for (String digits : new String[] {"0000000000000000", "0000000000000042", "9999999999999999"}) {
            assertThat(keys.keyOf(Long.parseLong(digits))).isEqualTo(keys.keyOf(CardNumber.parse(digits)));
        }
    }

    @Test
    void theKeyIsThePrefixAndTheHexOfTheCardsHmac() throws Exception {
        byte[] secret = new byte[32];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String expected = "konagw:va:v1:" + HexFormat.of().formatHex(
                mac.doFinal("9410000000000001".getBytes(StandardCharsets.US_ASCII)));
        CacheKeys zero = new CacheKeys(new SecretKeySpec(secret, "HmacSHA256"));
        assertThat(zero.keyOf(CardNumber.parse("9410000000000001"))).isEqualTo(expected);
        assertThat(zero.keyOf(9_410_000_000_000_001L)).isEqualTo(expected);
    }

    @Test
    void aNumberOutsideTheCardSpaceIsRefused() {
        assertThatThrownBy(() -> keys.keyOf(-1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.keyOf(CardNumber.NUMBER_BOUND)).isInstanceOf(IllegalArgumentException.class);
    }
}
