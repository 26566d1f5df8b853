package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import konagw.core.card.CardNumber;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CachePolicy;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.CacheSecrets;
import konagw.gateway.cache.CacheStore;
import konagw.gateway.cache.CacheValueSealer;
import konagw.gateway.cache.InMemoryCacheStore;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuotaExceededException;
import konagw.gateway.upstream.FailureClass;
import konagw.gateway.upstream.GuardMetrics;
import konagw.gateway.upstream.RetryableUpstreamFailure;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.gateway.upstream.UpstreamGuard;
import konagw.gateway.upstream.UpstreamPolicy;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/**
 * The lookup without Spring: the real sandbox over HTTP, the real in-memory store behind a gate that holds store
 * reads until the test lets them go, so that the interleavings the coalescing must survive are made, not hoped for.
 */
@Timeout(60)
class VirtualAccountLookupTest {

    static final String CARD = "9420000000012345";

    final SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build());
    final GatedStore store = new GatedStore(new InMemoryCacheStore(1000, Ticker.systemTicker()));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CacheSecrets secrets = CacheSecrets.derive("0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.US_ASCII));
    volatile boolean batchQuotaExhausted;

    final KonaplateClient client = client();
    final VirtualAccountLookup lookup = lookupOver(store);
    /** Another replica: the same store, flights of its own. */
    final VirtualAccountLookup otherReplica = lookupOver(store);

    private VirtualAccountLookup lookupOver(CacheStore shared) {
        return new VirtualAccountLookup(
            new VirtualAccountCache(shared, new CacheValueSealer(secrets.valueAesKey()), meters),
            new CacheKeys(secrets.keyHmacKey()), new CachePolicy(cacheProperties()), client,
            new UpstreamGuard(CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                    .ignoreExceptions(UpstreamQuotaExceededException.class).build()),
                    TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(20)).build()),
                    RetryRegistry.of(RetryConfig.custom().retryOnException(new RetryableUpstreamFailure()).build()),
                    BulkheadRegistry.ofDefaults()::bulkhead,
                    partition -> partition == Partition.BATCH && batchQuotaExhausted
                            ? Mono.error(new UpstreamQuotaExceededException(partition, Duration.ofSeconds(1)))
                            : Mono.empty(),
                    new GuardMetrics(meters), Schedulers.parallel()),
            Clock.systemUTC(), meters);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aLookupWhoseReadIsStillOutJoinsTheCallInsteadOfMakingASecond() {
        // A and B look the card up at once. B's store read is answered "miss" before A's write, but reaches B only
        // after A's call has landed and left the in-flight map (a Redis reply handled late, an in-memory read on
        // another thread). Before the fix B then saw no call in flight and made a second one.
        store.holdReads();
        Mono<LookupResult> first = lookup.lookup(CardNumber.parse(CARD), false).cache();
        first.subscribe();
        Mono<LookupResult> second = lookup.lookup(CardNumber.parse(CARD), false).cache();
        second.subscribe();
        store.releaseOldestRead();
        StepVerifier.create(first).expectNextCount(1).verifyComplete();
        org.awaitility.Awaitility.await().until(() -> lookup.inFlight() == 0);
        store.releaseReads();
        StepVerifier.create(second)
                .assertNext(result -> assertThat(result.account()).isEqualTo(first.block().account()))
                .verifyComplete();
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
        assertThat(store.reads()).as("the joiner never read the store").isEqualTo(1);
    }

    @Test
    void aLookupAfterTheCallLandedReadsWhatItWrote() {
        StepVerifier.create(lookup.lookup(CardNumber.parse(CARD), false))
                .assertNext(result -> assertThat(result.source()).isEqualTo(LookupSource.UPSTREAM)).verifyComplete();
        org.awaitility.Awaitility.await().until(() -> lookup.inFlight() == 0);
        StepVerifier.create(lookup.lookup(CardNumber.parse(CARD), false))
                .assertNext(result -> assertThat(result.source()).isEqualTo(LookupSource.CACHE)).verifyComplete();
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
    }

    @Test
    void anInteractiveLookupNeverInheritsABatchsQuotaRefusal() {
        // a batch holds the card's flight (claimed, its read in progress) and will be refused by the batch quota;
        // before the fix an interactive lookup joined it and was answered "quota for batch lookups exhausted"
        batchQuotaExhausted = true;
        CardNumber card = CardNumber.parse(CARD);
        VirtualAccountLookup.CardClaim batch = lookup.claim(card, lookup.keyOf(card), UpstreamPolicy.BATCH);
        assertThat(batch.owned()).isTrue();

        StepVerifier.create(lookup.lookup(card, false))
                .assertNext(result -> assertThat(result.found()).isTrue())
                .verifyComplete();
        StepVerifier.create(batch.answer(null))
                .expectErrorSatisfies(failure -> assertThat(((UpstreamFailure) failure).failureClass())
                        .isEqualTo(FailureClass.QUOTA))
                .verify();
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
    }

    @Test
    void aBatchThatGivesUpItsClaimLetsItsJoinersLookUpOnTheirOwn() {
        CardNumber card = CardNumber.parse(CARD);
        VirtualAccountLookup.CardClaim owner = lookup.claim(card, lookup.keyOf(card), UpstreamPolicy.BATCH);
        VirtualAccountLookup.CardClaim joiner = lookup.claim(card, lookup.keyOf(card), UpstreamPolicy.BATCH);
        assertThat(joiner.owned()).isFalse();
        Mono<LookupResult> joined = joiner.answer(null).cache();
        joined.subscribe();
        owner.release();
        StepVerifier.create(joined).assertNext(result -> assertThat(result.found()).isTrue()).verifyComplete();
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
    }

    @Test
    void anEvictionDetachesTheFlightInProgress() {
        CardNumber card = CardNumber.parse(CARD);
        store.holdReads();
        Mono<LookupResult> before = lookup.lookup(card, false).cache();
        before.subscribe();
        StepVerifier.create(lookup.evict(card)).verifyComplete();
        store.releaseReads();
        StepVerifier.create(before).expectNextCount(1).verifyComplete();
        // the flight that began before the eviction is not joined by a lookup that begins after it
        assertThat(lookup.lookup(card, false).map(LookupResult::source).block(Duration.ofSeconds(10)))
                .isEqualTo(LookupSource.UPSTREAM);
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(2);
    }

    @Test
    void anAnswerFetchedBeforeAnEvictionElsewhereIsNotWrittenBack() {
        // another replica evicts while the call is out: its tombstone in the shared store refuses the old answer
        evictWhileTheVendorIsSlow(otherReplica);
    }

    @Test
    void anAnswerFetchedBeforeAnEvictionIsNotWrittenBack() {
        evictWhileTheVendorIsSlow(lookup);
    }

    /** The vendor is slow; {@code evicting} evicts while the call is out; the old answer must not be cached again. */
    private void evictWhileTheVendorIsSlow(VirtualAccountLookup evicting) {
        sandbox.admin().setFault(KonaplateClient.INQUIRY_PATH, konagw.sandbox.Fault.latency(Duration.ofMillis(600)));
        CardNumber card = CardNumber.parse(CARD);
        Mono<LookupResult> before = lookup.lookup(card, false).cache();
        before.subscribe();
        org.awaitility.Awaitility.await().until(() -> sandbox.admin().inquiriesForCard(CARD) == 1);
        StepVerifier.create(evicting.evict(card)).verifyComplete();
        StepVerifier.create(before).expectNextCount(1).verifyComplete();
        org.awaitility.Awaitility.await().until(() -> lookup.inFlight() == 0);
        sandbox.admin().clearFaults();
        StepVerifier.create(evicting.lookup(card, false))
                .assertNext(result -> assertThat(result.source()).isEqualTo(LookupSource.UPSTREAM))
                .verifyComplete();
        assertThat(sandbox.admin().inquiriesForCard(CARD)).isEqualTo(2);
    }

    private KonaplateClient client() {
        SandboxSettings s = sandbox.settings();
        JweProvider provider = JweProvider.JDK;
        KonaTimeZone zone = KonaTimeZone.of("KST");
        KonaplateClientSettings settings = new KonaplateClientSettings(sandbox.baseUrl(), s.credentials(),
                s.cryptoKeyId(),
                new JweEncryptor((RSAPublicKey) sandbox.keys().serverCertificate().getPublicKey(), s.cryptoKeyId(),
                        s.jwe(), provider),
                new JweDecryptor(Map.of(s.cryptoKeyId(), sandbox.keys().clientPrivateKey()), s.jwe(), provider),
                s.envelope(), zone, Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new KonaplateClient(settings, HttpClient.create(), new TranClock(Clock.systemUTC(), zone),
                new CorrelationIdGenerator(Clock.systemUTC(), zone.zone(), 3), Schedulers.boundedElastic());
    }

    private static CacheProperties cacheProperties() {
        return new CacheProperties(null, new CacheProperties.Ttl(Duration.ofHours(12), Duration.ZERO,
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofHours(1),
                Duration.ofMillis(150), 1000, new CacheProperties.Near(Duration.ofSeconds(5), 10_000));
    }

    /** The in-memory store, whose answers to reads wait for the test while it holds them. */
    static final class GatedStore implements CacheStore {

        private final CacheStore store;
        private final ConcurrentLinkedQueue<Sinks.Empty<Void>> held = new ConcurrentLinkedQueue<>();
        private volatile boolean holding;
        private volatile int reads;

        GatedStore(CacheStore store) {
            this.store = store;
        }

        void holdReads() {
            holding = true;
        }

        void releaseOldestRead() {
            Sinks.Empty<Void> gate = held.poll();
            if (gate != null) {
                gate.tryEmitEmpty();
            }
        }

        void releaseReads() {
            holding = false;
            for (Sinks.Empty<Void> gate; (gate = held.poll()) != null;) {
                gate.tryEmitEmpty();
            }
        }

        int reads() {
            return reads;
        }

        @Override
        public Mono<byte[]> get(String key) {
            return Mono.defer(() -> {
                reads++;
                if (!holding) {
                    return store.get(key);
                }
                // read now, answer when released: what the store said before anything written since
                Mono<byte[]> answered = store.get(key).cache();
                answered.subscribe();
                Sinks.Empty<Void> gate = Sinks.empty();
                held.add(gate);
                return gate.asMono().then(answered);
            });
        }

        @Override
        public Mono<List<byte[]>> getAll(List<String> keys) {
            return store.getAll(keys);
        }

        @Override
        public Mono<Boolean> put(String key, byte[] value, Duration expiry, Duration fetchedAgo) {
            return store.put(key, value, expiry, fetchedAgo);
        }

        @Override
        public Mono<Void> evict(String key, Duration hold) {
            return store.evict(key, hold);
        }

        @Override
        public String kind() {
            return "gated-memory";
        }
    }
}
