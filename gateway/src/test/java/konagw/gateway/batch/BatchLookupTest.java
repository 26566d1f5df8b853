package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import konagw.core.card.CardNumber;
import konagw.gateway.inquiry.LookupSource;
import konagw.gateway.inquiry.VirtualAccountLookup;
import konagw.gateway.support.LookupFixture;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The batch's read → claim → read again, without Spring: the real sandbox over HTTP, the real in-memory store behind
 * a gate whose reads the test holds.
 */
@Timeout(60)
class BatchLookupTest {

    static final String CARD = "9420000000023456";

    final LookupFixture fixture = new LookupFixture();
    final VirtualAccountLookup lookup = fixture.lookup;
    final BatchLookup batch = new BatchLookup(lookup, fixture.cacheOver(fixture.store),
            BatchPartition.create(BulkheadRegistry.ofDefaults(),
                    BulkheadRegistry.ofDefaults().bulkhead("shared", BulkheadConfig.custom().maxConcurrentCalls(8).build()),
                    0.5),
            4, Duration.ofSeconds(5), Duration.ofSeconds(2), Schedulers.parallel(), fixture.guard);

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aCachedCardIsAnsweredByTheReadAlthoughAnotherBatchHoldsItsFlight() {
        // Before, every card was claimed before the read: a cached card that another batch had claimed waited for
        // that batch (here: a claim never answered, so until the backstop gave 900_002); batches of the same cached
        // cards waited on one another.
        CardNumber card = CardNumber.parse(CARD);
        StepVerifier.create(lookup.lookup(card, false)).expectNextCount(1).verifyComplete();
        Awaitility.await().until(() -> lookup.inFlight() == 0);
        VirtualAccountLookup.CardClaim other = lookup.claim(card, lookup.keyOf(card), UpstreamPolicy.BATCH);
        assertThat(other.owned()).isTrue();

        List<Resolved> answers = answers(batch.lookUp(plan(CARD), Duration.ofSeconds(5)));
        assertThat(answers).singleElement().satisfies(answer -> {
            assertThat(answer.errorCode()).isNull();
            assertThat(answer.result().source()).isEqualTo(LookupSource.CACHE);
        });
        other.release();
        assertThat(fixture.sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
    }

    @Test
    void aCardWhoseFlightLandedBetweenTheReadAndTheClaimIsReadAgainNotLookedUpTwice() {
        // another batch owns the card's flight; this batch's read is made (a miss) before that flight writes, and
        // answered after it landed and left the in-flight map: the claim then owns a new flight, which reads again
        CardNumber card = CardNumber.parse(CARD);
        VirtualAccountLookup.CardClaim other = lookup.claim(card, lookup.keyOf(card), UpstreamPolicy.BATCH);
        fixture.store.holdReads();
        List<Resolved> answers = new ArrayList<>();
        Flux<List<Resolved>> looked = batch.lookUp(plan(CARD), Duration.ofSeconds(5)).cache();
        looked.subscribe(answers::addAll);
        Awaitility.await().until(() -> fixture.store.heldReads() == 1);

        StepVerifier.create(other.answer(null))
                .assertNext(result -> assertThat(result.source()).isEqualTo(LookupSource.UPSTREAM)).verifyComplete();
        Awaitility.await().until(() -> lookup.inFlight() == 0);
        fixture.store.releaseReads();

        StepVerifier.create(looked.then()).verifyComplete();
        assertThat(answers).singleElement()
                .satisfies(answer -> assertThat(answer.result().source()).isEqualTo(LookupSource.CACHE));
        assertThat(fixture.sandbox.admin().inquiriesForCard(CARD)).isEqualTo(1);
        assertThat(fixture.store.reads()).as("the first read and the owned claim's second").isEqualTo(2);
    }

    private static BatchPlan plan(String... cards) {
        long[] entries = new long[cards.length];
        for (int i = 0; i < cards.length; i++) {
            entries[i] = BatchPlan.encode(cards[i]);
        }
        return BatchPlan.of(entries);
    }

    private static List<Resolved> answers(Flux<List<Resolved>> groups) {
        List<Resolved> all = new ArrayList<>();
        StepVerifier.create(groups).recordWith(ArrayList::new).thenConsumeWhile(group -> all.addAll(group))
                .verifyComplete();
        return all;
    }
}
