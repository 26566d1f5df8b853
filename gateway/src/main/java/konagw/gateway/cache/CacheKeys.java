package konagw.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import konagw.core.card.CardNumber;

/**
 * Redis key of a card: {@code konagw:va:v1:} + hex(HMAC-SHA256(secret, cardNo)). A stored card number
 * must be unreadable (PCI DSS); a keyed hash cannot be reversed by enumerating the 10^16 card space.
 */
public final class CacheKeys {

    public static final String PREFIX = "konagw:va:v1:";

    private static final HexFormat HEX = HexFormat.of();

    /** A thread's MAC, and the buffer a card's digits are written into for it. */
    private record Hmac(Mac mac, byte[] digits) {
    }

    private final ThreadLocal<Hmac> macs;

    public CacheKeys(SecretKey hmacKey) {
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(hmacKey);
                return new Hmac(mac, new byte[CardNumber.LENGTH]);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    public String keyOf(CardNumber card) {
        return key(macs.get().mac().doFinal(card.digits().getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The key of the card whose 16 digits, read as a number, are {@code cardDigits} (as a batch's plan holds its
     * cards): the same key as {@link #keyOf(CardNumber)}, without a string of the digits in between.
     */
    public String keyOf(long cardDigits) {
        if (cardDigits < 0 || cardDigits >= CardNumber.NUMBER_BOUND) {
            throw new IllegalArgumentException("not a 16-digit card number");
        }
        Hmac hmac = macs.get();
        byte[] digits = hmac.digits();
        long rest = cardDigits;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        return key(hmac.mac().doFinal(digits));
    }

    private static String key(byte[] digest) {
        return PREFIX + HEX.formatHex(digest);
    }
}
