package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import konagw.core.inquiry.VirtualAccount;

class CachePolicyTest {

    final CachePolicy policy = new CachePolicy(new CacheProperties(null,
            new CacheProperties.Ttl(Duration.ofHours(12), Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(1),
                    Duration.ofMinutes(5)),
            Duration.ofHours(1), Duration.ofMillis(150), 1000, new CacheProperties.Near(Duration.ofSeconds(5), 10_000)));
    final Instant now = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void fixationIsKeptForItsTtlPlusTheStaleWindow() {
        CachePolicy.Placement placement = policy.forAccount(account("FIXATION", "ACTIVE"), now).orElseThrow();
        assertThat(placement.entry().freshUntil()).isEqualTo(now.plus(Duration.ofHours(12)));
        assertThat(placement.retain()).isEqualTo(Duration.ofHours(13));
        assertThat(placement.entry().servableStale()).isTrue();
    }

    @Test
    void rotationWithZeroTtlIsNotCached() {
        assertThat(policy.forAccount(account("ROTATION", "ACTIVE"), now)).isEmpty();
    }

    @Test
    void inactiveAndNegativeEntriesAreShort() {
        assertThat(policy.forAccount(account("FIXATION", "INACTIVE"), now).orElseThrow().entry().freshUntil())
                .isEqualTo(now.plus(Duration.ofMinutes(10)));
        CachePolicy.Placement notFound = policy.forNegative(CachedOutcome.CARD_NOT_FOUND, now).orElseThrow();
        assertThat(notFound.retain()).isEqualTo(Duration.ofMinutes(1));
        assertThat(notFound.entry().servableStale()).isFalse();
        assertThat(policy.forNegative(CachedOutcome.NO_ACCOUNT, now).orElseThrow().retain()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRotationEntryIsNeverServableStale() {
        CacheEntry rotation = new CacheEntry(CachedOutcome.ACCOUNT, account("ROTATION", "ACTIVE"), now);
        assertThat(rotation.servableStale()).isFalse();
        assertThat(rotation.freshAt(now)).isFalse();
        assertThat(rotation.freshAt(now.minusMillis(1))).isTrue();
    }

    private static VirtualAccount account(String connectType, String status) {
        return new VirtualAccount("1002003004005", "088", connectType, status);
    }
}
