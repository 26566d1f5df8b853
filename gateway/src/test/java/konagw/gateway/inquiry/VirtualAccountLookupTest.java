package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import konagw.core.card.CardNumber;
import konagw.core.client.KonaplateClient;
import konagw.gateway.support.GatedStore;
import konagw.gateway.support.LookupFixture;
import konagw.gateway.upstream.FailureClass;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.gateway.upstream.UpstreamPolicy;
import konagw.sandbox.SandboxServer;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The lookup without Spring: the real sandbox over HTTP, the real in-memory store behind a gate that holds store
 * reads until the test lets them go, so that the interleavings the coalescing must survive are made, not hoped for.
 */
@Timeout(60)
class VirtualAccountLookupTest {

    static final String CARD = "9420000000012345";

    final LookupFixture fixture = new LookupFixture();
    final SandboxServer sandbox = fixture.sandbox;
    final GatedStore store = fixture.store;
    final VirtualAccountLookup lookup = fixture.lookup;
    /** Another replica: the same store, flights of its own. */
    final VirtualAccountLookup otherReplica = fixture.lookupOver(store);

    @AfterEach
    void stop() {
        fixture.close();
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
        fixture.batchQuotaExhausted = true;
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
}
