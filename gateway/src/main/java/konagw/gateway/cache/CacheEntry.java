package konagw.gateway.cache;

import java.time.Instant;
import java.util.Objects;

import konagw.core.inquiry.VirtualAccount;

/**
 * One cached answer. {@code freshUntil} is when it becomes stale; after that it is served only as
 * stale-if-error, and only for a FIXATION account (a ROTATION account may already point elsewhere).
 */
public record CacheEntry(CachedOutcome outcome, VirtualAccount account, Instant freshUntil) {

    public CacheEntry {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(freshUntil, "freshUntil");
        if ((outcome == CachedOutcome.ACCOUNT) != (account != null)) {
            throw new IllegalArgumentException("an account entry needs an account, a negative entry none");
        }
    }

    public boolean freshAt(Instant now) {
        return now.isBefore(freshUntil);
    }

    public boolean servableStale() {
        return outcome == CachedOutcome.ACCOUNT && account.fixation();
    }
}
