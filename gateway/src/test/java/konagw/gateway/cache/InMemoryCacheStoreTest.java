package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Ticker;

class InMemoryCacheStoreTest {

    final InMemoryCacheStore store = new InMemoryCacheStore(100, Ticker.systemTicker());
    final byte[] sealed = {1, 2, 3};

    @Test
    void anEvictionRefusesAValueFetchedBeforeItAndReadsAsAbsent() {
        assertThat(store.put("k", sealed, Duration.ofMinutes(1), Duration.ZERO).block()).isTrue();
        store.evict("k", Duration.ofMinutes(1)).block();
        assertThat(store.get("k").block()).isNull();
        assertThat(store.getAll(List.of("k")).block()).containsExactly((byte[]) null);
        // an answer whose upstream call began a second ago, before the eviction: refused
        assertThat(store.put("k", sealed, Duration.ofMinutes(1), Duration.ofSeconds(1)).block()).isFalse();
        assertThat(store.get("k").block()).isNull();
    }

    @Test
    void aValueFetchedAfterTheEvictionIsStored() {
        store.evict("k", Duration.ofMinutes(1)).block();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> store.put("k", sealed, Duration.ofMinutes(1), Duration.ZERO).block());
        assertThat(store.get("k").block()).isEqualTo(sealed);
    }

    @Test
    void aTombstoneIsNeverMistakenForASealedValue() {
        store.evict("k", Duration.ofMinutes(1)).block();
        assertThat(CacheStore.isTombstone(sealed)).isFalse();
        assertThat(CacheStore.isTombstone(new byte[] {1, 'e', 'v', 'i', 'c', 't', 'e', 'd', ':'})).isFalse();
    }
}
