package konagw.gateway.cache;

/**
 * What a cache entry remembers about a card. Each outcome has the code it is stored under in a sealed value: fixed
 * numbers, never the enum's order, so reordering or adding outcomes cannot change what stored entries mean (the codes
 * are the ordinals entries were written with before they were made explicit).
 */
public enum CachedOutcome {
    /** A virtual account is linked. */
    ACCOUNT(0),
    /** The vendor answered {@code 003_029}. */
    CARD_NOT_FOUND(1),
    /** The vendor answered {@code 003_067}. */
    NO_ACCOUNT(2);

    private final byte code;

    CachedOutcome(int code) {
        this.code = (byte) code;
    }

    byte code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no outcome has */
    static CachedOutcome ofCode(byte code) {
        for (CachedOutcome outcome : values()) {
            if (outcome.code == code) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown cached outcome code " + code);
    }
}
