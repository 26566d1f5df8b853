package konagw.gateway.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import konagw.core.inquiry.VirtualAccount;

/**
 * How long each kind of answer is fresh, and how long it is kept: a FIXATION account is kept for the
 * stale window beyond its TTL so that it can answer while upstream is down; nothing else is.
 */
public final class CachePolicy {

    /** An entry to write and how long the store should keep it. */
    public record Placement(CacheEntry entry, Duration retain) {
    }

    private final CacheProperties.Ttl ttl;
    private final Duration staleWindow;

    public CachePolicy(CacheProperties properties) {
        this.ttl = properties.ttl();
        this.staleWindow = properties.staleWindow();
    }

    public Optional<Placement> forAccount(VirtualAccount account, Instant now) {
        Duration fresh;
        if (!account.active()) {
            fresh = ttl.inactive();
        } else if (account.fixation()) {
            fresh = ttl.fixation();
        } else {
            fresh = ttl.rotation();
        }
        return place(new CacheEntry(CachedOutcome.ACCOUNT, account, now.plus(fresh)), fresh);
    }

    public Optional<Placement> forNegative(CachedOutcome outcome, Instant now) {
        Duration fresh = switch (outcome) {
            case CARD_NOT_FOUND -> ttl.cardNotFound();
            case NO_ACCOUNT -> ttl.noAccount();
            case ACCOUNT -> throw new IllegalArgumentException("not a negative outcome");
        };
        return place(new CacheEntry(outcome, null, now.plus(fresh)), fresh);
    }

    private Optional<Placement> place(CacheEntry entry, Duration fresh) {
        if (fresh.isZero() || fresh.isNegative()) {
            return Optional.empty();
        }
        Duration retain = entry.servableStale() ? fresh.plus(staleWindow) : fresh;
        return Optional.of(new Placement(entry, retain));
    }
}
