package konagw.gateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Ticker;

class InMemoryReplayGuardTest {

    @Test
    void aClaimHoldsForTheWindowAndCanBeGivenBack() {
        AtomicLong nanos = new AtomicLong();
        Ticker ticker = nanos::get;
        InMemoryReplayGuard guard = new InMemoryReplayGuard(Duration.ofMinutes(10), 1000, ticker);

        assertThat(guard.claim("k").block()).isTrue();
        assertThat(guard.claim("k").block()).isFalse();
        nanos.addAndGet(Duration.ofMinutes(10).plusSeconds(1).toNanos());
        assertThat(guard.claim("k").block()).as("after the window").isTrue();
        guard.release("k").block();
        assertThat(guard.claim("k").block()).as("given back").isTrue();
    }
}
