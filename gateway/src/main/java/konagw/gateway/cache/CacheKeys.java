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

    private final ThreadLocal<Mac> macs;

    public CacheKeys(SecretKey hmacKey) {
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(hmacKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    public String keyOf(CardNumber card) {
        Mac mac = macs.get();
        byte[] digest = mac.doFinal(card.digits().getBytes(StandardCharsets.US_ASCII));
        return PREFIX + HEX.formatHex(digest);
    }
}
