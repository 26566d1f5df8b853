package konagw.gateway.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import konagw.core.card.CardNumber;
import konagw.core.protocol.KonaCode;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.inquiry.LookupResult;
import konagw.gateway.inquiry.VirtualAccountLookup;
import konagw.gateway.upstream.UpstreamFailure;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Looks up every distinct card of a batch in two phases, emitting answers in groups as they are known:
 * <ol>
 * <li>the cache, {@value #CHUNK} keys per pipelined multi-key read (one round trip per chunk; on a cluster
 * Lettuce splits a chunk by slot), up to {@value #CHUNKS_IN_FLIGHT} chunks at once — each chunk's fresh
 * entries leave as one group;</li>
 * <li>the misses (absent, or stale: a servable stale entry goes along for stale-if-error), each continued
 * by {@link VirtualAccountLookup#resolve} in the {@link BatchPartition}: coalesced with concurrent lookups
 * of the same card, guarded by the circuit breaker, written back behind the answer — at most
 * {@code upstream-concurrency} of this batch at a time, and never more than the batch share of all.</li>
 * </ol>
 * Keys and card numbers are derived again where needed rather than held: a miss costs one small record
 * until it is answered.
 */
final class BatchLookup {

    static final int CHUNK = 500;
    static final int CHUNKS_IN_FLIGHT = 8;

    private static final Logger log = LoggerFactory.getLogger(BatchLookup.class);

    private final VirtualAccountLookup lookup;
    private final VirtualAccountCache cache;
    private final BatchPartition partition;
    private final Clock clock;
    private final int concurrency;
    private final Duration readDeadline;
    private final Duration lookupDeadline;
    private final Scheduler timer;

    /**
     * @param readDeadline   backstop for one chunk read (past it the chunk counts as misses)
     * @param lookupDeadline backstop for one upstream lookup (past it the card gets {@code 900_002})
     */
    BatchLookup(VirtualAccountLookup lookup, VirtualAccountCache cache, BatchPartition partition, Clock clock,
            int upstreamConcurrency, Duration readDeadline, Duration lookupDeadline, Scheduler timer) {
        this.lookup = lookup;
        this.cache = cache;
        this.partition = partition;
        this.clock = clock;
        this.concurrency = Math.max(1, Math.min(upstreamConcurrency, partition.size()));
        this.readDeadline = readDeadline;
        this.lookupDeadline = lookupDeadline;
        this.timer = timer;
    }

    /** A card the cache did not answer; {@code stale} is the entry read, if any. */
    private record Miss(int unique, CacheEntry stale) {
    }

    /** One chunk as read: its first distinct card, and an entry (or {@code null}) for each card of it. */
    private record ChunkRead(int first, List<CardNumber> cards, List<String> keys, List<CacheEntry> entries) {
    }

    /** Answers for every distinct card of the plan, exactly once each, in groups; never an error signal. */
    Flux<List<Resolved>> lookUp(BatchPlan plan) {
        int uniques = plan.uniqueCount();
        if (uniques == 0) {
            return Flux.empty();
        }
        return Flux.defer(() -> {
            List<Miss> misses = new ArrayList<>();
            int chunks = (uniques + CHUNK - 1) / CHUNK;
            Flux<List<Resolved>> hits = Flux.range(0, chunks)
                    .flatMap(chunk -> read(plan, chunk * CHUNK, Math.min(uniques, (chunk + 1) * CHUNK)),
                            CHUNKS_IN_FLIGHT)
                    .concatMap(read -> hits(read, misses)) // serialized: misses is appended to safely
                    .filter(group -> !group.isEmpty());
            return Flux.concat(hits, Flux.defer(() -> upstream(plan, misses)));
        });
    }

    private Mono<ChunkRead> read(BatchPlan plan, int from, int to) {
        return Mono.defer(() -> {
            List<CardNumber> cards = new ArrayList<>(to - from);
            List<String> keys = new ArrayList<>(to - from);
            for (int u = from; u < to; u++) {
                CardNumber card = plan.card(u);
                cards.add(card);
                keys.add(lookup.keyOf(card));
            }
            return Backstop.within(cache.readAll(keys), readDeadline, () -> absent(keys.size()), timer)
                    .map(entries -> new ChunkRead(from, cards, keys, entries.size() == keys.size()
                            ? entries : padded(entries, keys.size())));
        });
    }

    private Mono<List<Resolved>> hits(ChunkRead read, List<Miss> misses) {
        Instant now = clock.instant();
        List<Resolved> answered = new ArrayList<>(read.entries().size());
        List<Mono<Resolved>> late = null;
        for (int i = 0; i < read.entries().size(); i++) {
            CacheEntry entry = read.entries().get(i);
            int unique = read.first() + i;
            if (entry == null || !entry.freshAt(now)) {
                misses.add(new Miss(unique, entry));
                continue;
            }
            // resolve() records the hit like the facade does, and answers a fresh entry with Mono.just
            Mono<LookupResult> hit = lookup.resolve(read.cards().get(i), read.keys().get(i), entry, partition);
            LookupResult value = scalar(hit);
            if (value != null) {
                answered.add(Resolved.of(unique, value));
            } else {
                // turned stale since the check above: looked up after all
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(answer(unique, hit));
            }
        }
        if (late == null) {
            return Mono.just(answered);
        }
        return Flux.concat(late).collectList().map(more -> {
            answered.addAll(more);
            return answered;
        });
    }

    /** The value of a Mono that already holds it (a cache hit), without subscribing; {@code null} otherwise. */
    @SuppressWarnings("unchecked")
    private static <T> T scalar(Mono<T> mono) {
        if (mono instanceof Fuseable.ScalarCallable<?> scalar) {
            try {
                return (T) scalar.call();
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    private Flux<List<Resolved>> upstream(BatchPlan plan, List<Miss> misses) {
        return Flux.fromIterable(misses)
                .flatMap(miss -> partition.run(() -> resolve(plan, miss))
                        .onErrorResume(failure -> Mono.just(failed(miss.unique(), failure)))
                        .map(List::of), concurrency);
    }

    private Mono<Resolved> resolve(BatchPlan plan, Miss miss) {
        CardNumber card = plan.card(miss.unique());
        return Backstop.within(answer(miss.unique(), lookup.resolve(card, lookup.keyOf(card), miss.stale(), partition)),
                lookupDeadline, () -> Resolved.failed(miss.unique(), KonaCode.UPSTREAM_TIMEOUT.code(),
                        "Upstream did not answer in time."), timer);
    }

    private static List<CacheEntry> absent(int size) {
        return padded(List.of(), size);
    }

    /** A store that answered for fewer keys than asked: the rest are misses. */
    private static List<CacheEntry> padded(List<CacheEntry> entries, int size) {
        List<CacheEntry> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(i < entries.size() ? entries.get(i) : null);
        }
        return all;
    }

    private static Mono<Resolved> answer(int unique, Mono<LookupResult> result) {
        return result
                .map(r -> Resolved.of(unique, r))
                .switchIfEmpty(Mono.fromSupplier(() -> failed(unique, new IllegalStateException("lookup ended empty"))))
                .onErrorResume(failure -> Mono.just(failed(unique, failure)));
    }

    static Resolved failed(int unique, Throwable failure) {
        if (failure instanceof UpstreamFailure upstream) {
            return Resolved.failed(unique, upstream.code().code(), upstream.getMessage());
        }
        log.error("batch lookup failed unexpectedly", failure);
        return Resolved.failed(unique, BatchResultWriter.INTERNAL_ERROR_CODE, BatchResultWriter.INTERNAL_ERROR_MESSAGE);
    }
}
