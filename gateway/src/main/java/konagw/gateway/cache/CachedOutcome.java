package konagw.gateway.cache;

/** What a cache entry remembers about a card. */
public enum CachedOutcome {
    /** A virtual account is linked. */
    ACCOUNT,
    /** The vendor answered {@code 003_029}. */
    CARD_NOT_FOUND,
    /** The vendor answered {@code 003_067}. */
    NO_ACCOUNT
}
