package konagw.core.card;

/**
 * A 16-digit card number (PAN). {@link #toString()} is the masked form so that logging the object, or an
 * exception built from it, cannot leak the number; only {@link #digits()} gives the full value, for the wire.
 */
public final class CardNumber {

    public static final int LENGTH = 16;
    /** A card read as a number (as batches and jobs hold cards) lies in {@code [0, NUMBER_BOUND)}: 16 digits. */
    public static final long NUMBER_BOUND = 10_000_000_000_000_000L;

    private final String digits;

    private CardNumber(String digits) {
        this.digits = digits;
    }

    public static CardNumber parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidCardNumberException(InvalidCardNumberException.Reason.MISSING, "card number is missing");
        }
        if (raw.length() != LENGTH) {
            throw new InvalidCardNumberException(InvalidCardNumberException.Reason.WRONG_LENGTH,
                    "card number must be " + LENGTH + " digits, got " + raw.length() + " characters");
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = raw.charAt(i);
            // Character.isDigit would accept non-ASCII digits the vendor does not.
            if (c < '0' || c > '9') {
                throw new InvalidCardNumberException(InvalidCardNumberException.Reason.NOT_DIGITS,
                        "card number must contain only the ASCII digits 0-9");
            }
        }
        return new CardNumber(raw);
    }

    public static boolean isValid(String raw) {
        if (raw == null || raw.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The full number. For the request body only: never log it. */
    public String digits() {
        return digits;
    }

    /** First 6 (BIN) + {@code ******} + last 4, the PCI DSS display maximum. */
    public String masked() {
        return digits.substring(0, 6) + "******" + digits.substring(12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardNumber other && digits.equals(other.digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
