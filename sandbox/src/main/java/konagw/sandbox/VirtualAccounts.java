package konagw.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import konagw.core.inquiry.VirtualAccount;
import konagw.core.protocol.KonaCode;

/**
 * The sandbox's card → virtual account directory.
 * <pre>
 * 9410000000000001  FIXATION / ACTIVE    fixed account
 * 9410000000000002  ROTATION / ACTIVE    a new account number on every call
 * 9410000000000003  FIXATION / INACTIVE  fixed account
 * 9410000000000029  400 003_029 Card not found
 * 9410000000000067  400 003_067 Not found virtual account.
 * 9420xxxxxxxxxxxx  FIXATION / ACTIVE    derived from the digits by a keyed hash (10^12 cards, same on every instance)
 * anything else     400 003_029
 * </pre>
 */
final class VirtualAccounts {

    static final String FIXATION_ACTIVE = "9410000000000001";
    static final String ROTATION_ACTIVE = "9410000000000002";
    static final String FIXATION_INACTIVE = "9410000000000003";
    static final String CARD_NOT_FOUND = "9410000000000029";
    static final String NO_VIRTUAL_ACCOUNT = "9410000000000067";
    static final String GENERATED_PREFIX = "9420";

    static final VirtualAccount FIXED_ACTIVE_ACCOUNT = new VirtualAccount("79790000000001", "090", "FIXATION", "ACTIVE");
    static final VirtualAccount FIXED_INACTIVE_ACCOUNT = new VirtualAccount("79790000000003", "090", "FIXATION", "INACTIVE");
    static final String ROTATION_ACCOUNT_PREFIX = "797920";
    static final String ROTATION_BANK_CODE = "088";

    /** Bank codes of Korean banks, picked by the hash for generated accounts. */
    private static final String[] BANK_CODES = {"004", "011", "020", "023", "027", "031", "032", "034", "035", "037",
            "039", "045", "071", "081", "088", "089", "090", "092"};
    /** Fixed, so that every sandbox instance and every restart derives the same accounts. */
    private static final byte[] DERIVATION_KEY = "konagw-sandbox/virtual-account-derivation/v1"
            .getBytes(StandardCharsets.US_ASCII);
    private static final long ACCOUNT_SPACE = 10_000_000_000_000L; // 13 digits after the leading '3'

    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(() -> hmac(DERIVATION_KEY));
    private final AtomicLong rotation = new AtomicLong();

    /** The outcome of one lookup: an account or a vendor error code. */
    record Lookup(VirtualAccount account, KonaCode error) {
    }

    Lookup lookup(String digits) {
        switch (digits) {
            case FIXATION_ACTIVE:
                return new Lookup(FIXED_ACTIVE_ACCOUNT, null);
            case ROTATION_ACTIVE:
                long n = rotation.incrementAndGet() % 100_000_000L;
                String accountNo = ROTATION_ACCOUNT_PREFIX + String.format("%08d", n);
                return new Lookup(new VirtualAccount(accountNo, ROTATION_BANK_CODE, "ROTATION", "ACTIVE"), null);
            case FIXATION_INACTIVE:
                return new Lookup(FIXED_INACTIVE_ACCOUNT, null);
            case CARD_NOT_FOUND:
                return new Lookup(null, KonaCode.CARD_NOT_FOUND);
            case NO_VIRTUAL_ACCOUNT:
                return new Lookup(null, KonaCode.VIRTUAL_ACCOUNT_NOT_FOUND);
            default:
                if (digits.startsWith(GENERATED_PREFIX)) {
                    return new Lookup(derive(digits), null);
                }
                return new Lookup(null, KonaCode.CARD_NOT_FOUND);
        }
    }

    /** A deterministic FIXATION/ACTIVE account for a 9420… card: 14 digits starting with 3, and a bank code. */
    VirtualAccount derive(String digits) {
        byte[] h = mac.get().doFinal(digits.getBytes(StandardCharsets.US_ASCII));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        long number = Long.remainderUnsigned(v, ACCOUNT_SPACE);
        String accountNo = "3" + String.format("%013d", number);
        String bankCode = BANK_CODES[(h[8] & 0xff) % BANK_CODES.length];
        return new VirtualAccount(accountNo, bankCode, "FIXATION", "ACTIVE");
    }

    static Mac hmac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
