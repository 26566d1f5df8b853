package konagw.gateway.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import konagw.core.card.CardNumber;
import konagw.core.protocol.KonaCode;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.RedisCacheStore;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.inquiry.LookupResult;
import konagw.gateway.inquiry.VirtualAccountLookup;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.gateway.upstream.UpstreamGuard;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Looks up every distinct card of a batch in two phases, emitting answers in groups as they are known:
 * <ol>
 * <li>the cache, {@value #CHUNK} keys per pipelined multi-key read (one round trip per chunk; on a cluster
 * Lettuce splits a chunk by slot), up to {@value #CHUNKS_IN_FLIGHT} chunks at once — each chunk's fresh
 * entries leave as one group;</li>
 * <li>the misses (absent, or stale: a servable stale entry goes along for stale-if-error), each answered by
 * its flight in the {@link BatchPartition}: guarded under {@link UpstreamPolicy#BATCH}, written back behind the
 * answer — at most {@code upstream-concurrency} of this batch at a time, and never more than the batch share of
 * all.</li>
 * </ol>
 * A chunk is read first; only the cards it did not answer fresh are claimed ({@link VirtualAccountLookup#claim}),
 * and those this batch then owns are read once more: a flight of the batch policy leaves the in-flight map only
 * after its write landed, so a card whose flight ended between the two steps is found by the second read, and a
 * card whose flight is still going is joined — never looked up twice. Cached cards cost no claim, and concurrent
 * batches of the same cached cards never wait for one another.
 * Keys and card numbers are derived again where needed rather than held: a miss costs one small record
 * until it is answered.
 */
final class BatchLookup {

    /** Keys per multi-key read: the store's own chunk, so one batch chunk is one round trip. */
    static final int CHUNK = RedisCacheStore.MGET_CHUNK;
    static final int CHUNKS_IN_FLIGHT = 8;

    private static final Logger log = LoggerFactory.getLogger(BatchLookup.class);

    private final VirtualAccountLookup lookup;
    private final VirtualAccountCache cache;
    private final BatchPartition partition;
    private final int concurrency;
    private final Duration readDeadline;
    private final Duration lookupDeadline;
    private final Scheduler timer;
    private final UpstreamGuard guard;

    /**
     * @param readDeadline   backstop for one chunk read (past it the chunk counts as misses)
     * @param lookupDeadline backstop for one upstream call (past it, and past the batch's quota deadline, the card
     *                       gets {@code 900_002})
     */
    BatchLookup(VirtualAccountLookup lookup, VirtualAccountCache cache, BatchPartition partition,
            int upstreamConcurrency, Duration readDeadline, Duration lookupDeadline, Scheduler timer,
            UpstreamGuard guard) {
        this.lookup = lookup;
        this.cache = cache;
        this.partition = partition;
        this.concurrency = Math.max(1, Math.min(upstreamConcurrency, partition.size()));
        this.readDeadline = readDeadline;
        this.lookupDeadline = lookupDeadline;
        this.timer = timer;
        this.guard = guard;
    }

    /** A card whose flight this batch owns and the cache did not answer; {@code stale} is the entry read, if any. */
    private record Miss(int unique, CacheEntry stale, VirtualAccountLookup.CardClaim claim) {
    }

    /** A card whose flight another caller of the batch policy owns: its answer is awaited, never looked up twice. */
    private record Join(int unique, VirtualAccountLookup.CardClaim claim) {
    }

    /**
     * One chunk as read and claimed: its first distinct card, the hits of the first read, and for every other card
     * its position in the chunk and its claim, with the entry (or {@code null}) of the second read for each owned
     * claim, in order.
     */
    private record ChunkRead(int first, List<Resolved> fresh, int[] positions,
            List<VirtualAccountLookup.CardClaim> claims, List<CacheEntry> owned) {
    }

    /**
     * Answers for every distinct card of the plan, exactly once each, in groups; never an error signal.
     * @param remaining how long the misses may still wait for upstream quota permits (the batch's deadline)
     */
    Flux<List<Resolved>> lookUp(BatchPlan plan, Duration remaining) {
        return lookUp(plan, UpstreamPolicy.BATCH, remaining);
    }

    /** As {@link #lookUp(BatchPlan, Duration)}, the misses under {@code policy} (a job's chunk: {@link UpstreamPolicy#JOB}). */
    Flux<List<Resolved>> lookUp(BatchPlan plan, UpstreamPolicy policy, Duration remaining) {
        int uniques = plan.uniqueCount();
        if (uniques == 0) {
            return Flux.empty();
        }
        return Flux.defer(() -> {
            List<Miss> misses = new ArrayList<>();
            List<Join> joins = new ArrayList<>();
            Claims claimed = new Claims();
            int chunks = (uniques + CHUNK - 1) / CHUNK;
            Flux<List<Resolved>> hits = Flux.range(0, chunks)
                    .flatMap(chunk -> read(plan, chunk * CHUNK, Math.min(uniques, (chunk + 1) * CHUNK), claimed, policy),
                            CHUNKS_IN_FLIGHT)
                    .concatMap(read -> hits(read, misses, joins)) // serialized: misses and joins are appended to safely
                    .filter(group -> !group.isEmpty());
            long deadline = guard.quotaDeadline(remaining.isNegative() ? Duration.ZERO : remaining);
            return Flux.concat(hits, Flux.defer(() -> Flux.merge(upstream(misses, deadline), joined(joins, deadline))))
                    // a batch that ends early (cancelled) gives up the flights it never started: joiners go on alone
                    .doFinally(signal -> claimed.end());
        });
    }

    /**
     * Reads the chunk, claims the cards it did not answer fresh, and reads the owned ones again (a flight that ended
     * meanwhile has written its answer).
     */
    private Mono<ChunkRead> read(BatchPlan plan, int from, int to, Claims claimed,
            UpstreamPolicy policy) {
        return Mono.defer(() -> {
            List<String> keys = new ArrayList<>(to - from);
            for (int u = from; u < to; u++) {
                keys.add(lookup.keyOf(plan.number(u)));
            }
            return readAll(keys).flatMap(entries -> claimMisses(plan, from, keys, entries, claimed, policy));
        });
    }

    private Mono<ChunkRead> claimMisses(BatchPlan plan, int from, List<String> keys, List<CacheEntry> entries,
            Claims claimed, UpstreamPolicy policy) {
        List<Resolved> fresh = new ArrayList<>(keys.size());
        int[] positions = new int[keys.size()];
        int unanswered = 0;
        Instant now = lookup.now(); // one clock read per chunk, not per card
        for (int i = 0; i < keys.size(); i++) {
            LookupResult hit = lookup.hitOrNull(entries.get(i), now);
            if (hit != null) {
                fresh.add(Resolved.of(from + i, hit));
            } else {
                positions[unanswered++] = i;
            }
        }
        if (unanswered == 0) {
            return Mono.just(new ChunkRead(from, fresh, positions, List.of(), List.of()));
        }
        List<VirtualAccountLookup.CardClaim> claims = new ArrayList<>(unanswered);
        List<String> owned = new ArrayList<>(unanswered);
        claimed.add(claims); // before the first claim: a batch that ends meanwhile releases them all
        for (int p = 0; p < unanswered; p++) {
            int i = positions[p];
            VirtualAccountLookup.CardClaim claim = lookup.claim(plan.card(from + i), keys.get(i), policy);
            synchronized (claims) { // end() may walk the list from another thread meanwhile
                claims.add(claim);
            }
            if (claim.owned()) {
                owned.add(claim.key());
            }
        }
        if (claimed.ended()) {
            claimed.releaseAll(claims);
            return Mono.empty();
        }
        if (owned.isEmpty()) {
            return Mono.just(new ChunkRead(from, fresh, positions, claims, List.of()));
        }
        return readAll(owned).map(again -> new ChunkRead(from, fresh, positions, claims, again));
    }

    private Mono<List<CacheEntry>> readAll(List<String> keys) {
        return Backstop.within(cache.readAll(keys), readDeadline, () -> absent(keys.size()), timer)
                .map(entries -> entries.size() == keys.size() ? entries : padded(entries, keys.size()));
    }

    private Mono<List<Resolved>> hits(ChunkRead read, List<Miss> misses, List<Join> joins) {
        List<Resolved> answered = read.fresh();
        int owned = 0;
        for (int c = 0; c < read.claims().size(); c++) {
            VirtualAccountLookup.CardClaim claim = read.claims().get(c);
            int unique = read.first() + read.positions()[c];
            if (!claim.owned()) {
                joins.add(new Join(unique, claim));
                continue;
            }
            CacheEntry entry = read.owned().get(owned++);
            LookupResult hit = claim.hitOrNull(entry);
            if (hit != null) {
                answered.add(Resolved.of(unique, hit));
            } else {
                misses.add(new Miss(unique, entry, claim));
            }
        }
        return Mono.just(answered);
    }

    private Flux<List<Resolved>> upstream(List<Miss> misses, long deadline) {
        return Flux.fromIterable(misses)
                .flatMap(miss -> partition.run(() -> resolve(miss, deadline))
                        .onErrorResume(failure -> Mono.just(failed(miss.unique(), failure)))
                        .map(List::of), concurrency);
    }

    /**
     * Joined flights hold no upstream permit while they wait: they are awaited all at once. Not a flatMap of that
     * width: its drain walks every inner still waiting on each answer, quadratic in the joins.
     */
    private Flux<List<Resolved>> joined(List<Join> joins, long deadline) {
        if (joins.isEmpty()) {
            return Flux.empty();
        }
        return Flux.create(sink -> {
            AtomicInteger waiting = new AtomicInteger(joins.size());
            Disposable.Composite running = Disposables.composite();
            sink.onDispose(running);
            Context context = Context.of(sink.contextView());
            for (Join join : joins) {
                running.add(Backstop.within(answer(join.unique(), join.claim().answer(null, deadline)),
                        backstop(deadline), () -> timedOut(join.unique()), timer)
                        .subscribe(resolved -> {
                            sink.next(List.of(resolved));
                            if (waiting.decrementAndGet() == 0) {
                                sink.complete();
                            }
                        }, sink::error, null, context));
            }
        });
    }

    private Mono<Resolved> resolve(Miss miss, long deadline) {
        return Mono.defer(() -> Backstop.within(answer(miss.unique(), miss.claim().answer(miss.stale(), deadline)),
                backstop(deadline), () -> timedOut(miss.unique()), timer));
    }

    /** A lookup may wait for quota until the deadline, then make one last call: the backstop lies past both. */
    private Duration backstop(long deadline) {
        long untilDeadline = Math.max(0, deadline - guard.quotaDeadline(Duration.ZERO));
        return lookupDeadline.plusNanos(untilDeadline);
    }

    private static Resolved timedOut(int unique) {
        return Resolved.failed(unique, KonaCode.UPSTREAM_TIMEOUT.code(), "Upstream did not answer in time.");
    }

    /**
     * The claims a batch holds, chunk by chunk. When the batch ends (done, failed or cancelled) every claim it never
     * started is released, also those a chunk read still running at that moment makes: it sees {@link #ended} once
     * its claims are registered and releases them itself. Releasing twice is harmless.
     */
    private static final class Claims {

        private final Queue<List<VirtualAccountLookup.CardClaim>> chunks = new ConcurrentLinkedQueue<>();
        private volatile boolean ended;

        /** Registers a chunk's claim list (it may still grow: it is a list the claiming loop appends to). */
        void add(List<VirtualAccountLookup.CardClaim> claims) {
            chunks.add(claims);
        }

        boolean ended() {
            return ended;
        }

        void end() {
            ended = true;
            chunks.forEach(this::releaseAll);
        }

        void releaseAll(List<VirtualAccountLookup.CardClaim> claims) {
            synchronized (claims) {
                claims.forEach(VirtualAccountLookup.CardClaim::release);
            }
        }
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
            return Resolved.failed(unique, upstream.failureClass(), upstream.getMessage());
        }
        log.error("batch lookup failed unexpectedly", failure);
        return Resolved.failed(unique, BatchResultWriter.INTERNAL_ERROR_CODE, BatchResultWriter.INTERNAL_ERROR_MESSAGE);
    }
}
