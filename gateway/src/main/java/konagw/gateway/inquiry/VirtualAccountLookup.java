package konagw.gateway.inquiry;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.card.CardNumber;
import konagw.core.client.KonaResponse;
import konagw.core.client.KonaplateClient;
import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.protocol.KonaCode;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CachePolicy;
import konagw.gateway.cache.CachedOutcome;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.gateway.upstream.UpstreamGuard;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Card → virtual account: the near cache, then one flight per card and policy ({@link InflightRequests}) that
 * reads the store and, on a miss, makes the one upstream call, written back without holding the answer; a stale
 * FIXATION entry answers when upstream fails. Callers join flights of their own policy only, so an interactive
 * lookup never inherits a batch's quota refusal or bulkhead wait.
 */
public final class VirtualAccountLookup {

    private final VirtualAccountCache cache;
    private final CacheKeys keys;
    private final CachePolicy policy;
    private final KonaplateClient client;
    private final UpstreamGuard guard;
    private final Clock clock;
    private final LookupMetrics metrics;
    private final Map<UpstreamPolicy, InflightRequests<Fetched>> flights = new ConcurrentHashMap<>();

    /**
     * What a flight found, the cache entry it should leave behind, if any, and when the upstream call that found it
     * began ({@link System#nanoTime}; an eviction after that refuses the write).
     */
    record Fetched(LookupResult result, CachePolicy.Placement placement, long fetchedAtNanos) {

        static Fetched answered(LookupResult result) {
            return new Fetched(result, null, 0);
        }
    }

    public VirtualAccountLookup(VirtualAccountCache cache, CacheKeys keys, CachePolicy policy, KonaplateClient client,
            UpstreamGuard guard, Clock clock, MeterRegistry meters) {
        this.cache = cache;
        this.keys = keys;
        this.policy = policy;
        this.client = client;
        this.guard = guard;
        this.clock = clock;
        this.metrics = new LookupMetrics(meters);
    }

    /** A facade lookup. @param bypassCache {@code Cache-Control: no-cache}: skip the read, still refresh the entry */
    public Mono<LookupResult> lookup(CardNumber card, boolean bypassCache) {
        return lookup(card, bypassCache, UpstreamPolicy.INTERACTIVE);
    }

    public Mono<LookupResult> lookup(CardNumber card, boolean bypassCache, UpstreamPolicy upstream) {
        String key = keys.keyOf(card);
        if (bypassCache) {
            // never joins: a flight in progress may answer from the cache, which this caller asked to skip
            return fetch(card, key, null, upstream, null)
                    .doOnNext(fetched -> write(key, fetched).subscribe())
                    .map(fetched -> recorded(fetched, false))
                    .doOnError(UpstreamFailure.class,
                            failure -> metrics.record(LookupMetrics.Outcome.MISS, LookupMetrics.Result.FAILURE));
        }
        CacheEntry near = cache.near(key);
        if (near != null && near.freshAt(clock.instant())) {
            return cache.nearHit(Mono.just(hit(near)));
        }
        // claimed when subscribed: the flight runs under its owner's context
        return Mono.deferContextual(context -> {
            InflightRequests.Claim<Fetched> claim = flights(upstream).claim(key);
            if (claim instanceof InflightRequests.Owned<Fetched> owned) {
                return recorded(owned.run(cache.readStore(key)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(cached -> resolveRead(card, key, cached.orElse(null), upstream, null)),
                        fetched -> write(key, fetched), context),
                        false);
            }
            return joined(card, claim, upstream, null);
        });
    }

    /**
     * A cache hit for a caller that reads many keys itself (batches, jobs): the answer of a fresh entry, recorded as
     * a hit; {@code null} when the entry is absent or not fresh at {@code now} — then the card is
     * {@link #claim claimed}.
     * @param now {@link #now}, read once for all the entries of one read
     */
    public LookupResult hitOrNull(CacheEntry entry, Instant now) {
        return entry != null && entry.freshAt(now) ? hit(entry) : null;
    }

    /** The lookups' clock, for {@link #hitOrNull(CacheEntry, Instant)}. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Claims a card's flight for a caller that reads the cache itself, many keys at once (batches, jobs), after a read
     * that did not answer it: an owned claim must read the card again ({@link CardClaim#hitOrNull}) — a flight that
     * ended since that read has written its answer — and end in {@link CardClaim#answer}, or be released.
     */
    public CardClaim claim(CardNumber card, String key, UpstreamPolicy upstream) {
        return new CardClaim(card, key, upstream, flights(upstream).claim(key));
    }

    /** A card's flight as a many-key reader holds it. */
    public final class CardClaim {

        private final CardNumber card;
        private final String key;
        private final UpstreamPolicy upstream;
        private final InflightRequests.Claim<Fetched> claim;

        private CardClaim(CardNumber card, String key, UpstreamPolicy upstream, InflightRequests.Claim<Fetched> claim) {
            this.card = card;
            this.key = key;
            this.upstream = upstream;
            this.claim = claim;
        }

        public CardNumber card() {
            return card;
        }

        public String key() {
            return key;
        }

        /** True when this caller owns the flight and so must read the cache for it. */
        public boolean owned() {
            return claim instanceof InflightRequests.Owned;
        }

        /**
         * A fresh entry read for an owned claim: answered at once, as a hit. {@code null} when the entry is not
         * fresh (any more); then call {@link #answer} with it.
         */
        public LookupResult hitOrNull(CacheEntry entry) {
            if (!(claim instanceof InflightRequests.Owned<Fetched> owned) || entry == null
                    || !entry.freshAt(clock.instant())) {
                return null;
            }
            LookupResult result = hit(entry);
            owned.complete(Fetched.answered(result));
            return result;
        }

        /**
         * The answer: for an owned claim, after the entry read ({@code null} when absent; a stale one goes along for
         * stale-if-error) and, if need be, the upstream call; for a joined one, the flight's.
         */
        public Mono<LookupResult> answer(CacheEntry read) {
            return answer(read, null);
        }

        /**
         * @param quotaDeadline for a policy that waits for quota permits, until when ({@link UpstreamGuard#quotaDeadline});
         *                      {@code null}: it fails at once like the others. A flight runs detached from its callers,
         *                      so the deadline travels with it rather than in the caller's context.
         */
        public Mono<LookupResult> answer(CacheEntry read, Long quotaDeadline) {
            if (claim instanceof InflightRequests.Owned<Fetched> owned) {
                return Mono.deferContextual(context -> recorded(owned.run(
                        resolveRead(card, key, read, upstream, quotaDeadline), fetched -> write(key, fetched), context),
                        false));
            }
            return joined(card, claim, upstream, quotaDeadline);
        }

        /** Gives up an owned claim that was never answered: joiners start again on their own. */
        public void release() {
            claim.release();
        }
    }

    /** Flights not yet landed (answer and cache write), over all policies. */
    public int inFlight() {
        return flights.values().stream().mapToInt(InflightRequests::size).sum();
    }

    public String keyOf(CardNumber card) {
        return keys.keyOf(card);
    }

    /** {@link #keyOf(CardNumber)} of a card held as its 16 digits read as a number. */
    public String keyOf(long cardDigits) {
        return keys.keyOf(cardDigits);
    }

    /** Drops the entry everywhere; flights in progress for the card no longer answer new callers. */
    public Mono<Void> evict(CardNumber card) {
        String key = keys.keyOf(card);
        return Mono.defer(() -> {
            abandonFlights(key);
            return cache.evict(key);
        });
    }

    /** Another replica evicted the key: lookups starting now do not join a call begun before that. */
    public void abandonFlights(String key) {
        flights.values().forEach(f -> f.abandon(key));
    }

    private InflightRequests<Fetched> flights(UpstreamPolicy upstream) {
        return flights.computeIfAbsent(upstream, p -> new InflightRequests<>());
    }

    /**
     * A joined flight's answer; if its owner gave it up, the caller starts again on its own — keeping its quota
     * deadline, so a batch's card still waits for a permit.
     */
    private Mono<LookupResult> joined(CardNumber card, InflightRequests.Claim<Fetched> claim, UpstreamPolicy upstream,
            Long quotaDeadline) {
        return recorded(claim.result(), true)
                .onErrorResume(InflightRequests.Abandoned.class, abandoned -> quotaDeadline == null
                        ? lookup(card, false, upstream)
                        : claim(card, keys.keyOf(card), upstream).answer(null, quotaDeadline));
    }

    /** What a flight does after its read: a fresh entry answers, anything else goes upstream. */
    private Mono<Fetched> resolveRead(CardNumber card, String key, CacheEntry cached, UpstreamPolicy upstream,
            Long quotaDeadline) {
        if (cached != null && cached.freshAt(clock.instant())) {
            return Mono.just(Fetched.answered(fromEntry(LookupSource.CACHE, cached)));
        }
        return fetch(card, key, cached != null && cached.servableStale() ? cached : null, upstream, quotaDeadline);
    }

    private Mono<Fetched> fetch(CardNumber card, String key, CacheEntry stale, UpstreamPolicy upstream,
            Long quotaDeadline) {
        Context context = quotaDeadline == null ? Context.of(UpstreamGuard.SUBJECT, card.masked())
                : Context.of(UpstreamGuard.SUBJECT, card.masked(), UpstreamGuard.QUOTA_DEADLINE, quotaDeadline);
        Mono<Fetched> fetched = Mono.defer(() -> {
            long started = System.nanoTime();
            return client.inquireVirtualAccount(card)
                    .transform(guard.of(upstream))
                    .map(response -> fetched(response, started));
        }).contextWrite(context);
        if (stale == null) {
            return fetched;
        }
        return fetched.onErrorResume(UpstreamFailure.class,
                failure -> Mono.just(Fetched.answered(fromEntry(LookupSource.STALE, stale))));
    }

    private Mono<Void> write(String key, Fetched fetched) {
        return fetched.placement() == null ? Mono.empty()
                : cache.write(key, fetched.placement(), fetched.fetchedAtNanos());
    }

    /** Records each caller's outcome: a hit, a miss (the owner's upstream call), a joined call, a stale answer. */
    private Mono<LookupResult> recorded(Mono<Fetched> flight, boolean coalesced) {
        return flight.map(fetched -> recorded(fetched, coalesced))
                .doOnError(UpstreamFailure.class, failure -> metrics.record(
                        coalesced ? LookupMetrics.Outcome.COALESCED : LookupMetrics.Outcome.MISS,
                        LookupMetrics.Result.FAILURE));
    }

    private LookupResult recorded(Fetched fetched, boolean coalesced) {
        LookupResult result = fetched.result();
        LookupMetrics.Outcome outcome = switch (result.source()) {
            case CACHE -> LookupMetrics.Outcome.HIT;
            case STALE -> LookupMetrics.Outcome.STALE;
            case UPSTREAM -> coalesced ? LookupMetrics.Outcome.COALESCED : LookupMetrics.Outcome.MISS;
        };
        metrics.record(outcome, LookupMetrics.resultOf(result));
        return result;
    }

    private LookupResult hit(CacheEntry entry) {
        LookupResult hit = fromEntry(LookupSource.CACHE, entry);
        metrics.record(LookupMetrics.Outcome.HIT, LookupMetrics.resultOf(hit));
        return hit;
    }

    private Fetched fetched(KonaResponse<VirtualAccount> response, long started) {
        Instant now = clock.instant();
        if (response instanceof KonaResponse.Success<VirtualAccount> success) {
            return new Fetched(LookupResult.account(LookupSource.UPSTREAM, success.value(), success.correlationId()),
                    policy.forAccount(success.value(), now).orElse(null), started);
        }
        KonaResponse.Failure<VirtualAccount> failure = (KonaResponse.Failure<VirtualAccount>) response;
        return new Fetched(LookupResult.vendorError(LookupSource.UPSTREAM, failure.error(), failure.correlationId()),
                negativeOutcome(failure.error().code())
                        .flatMap(negative -> policy.forNegative(negative, now))
                        .orElse(null), started);
    }

    private static Optional<CachedOutcome> negativeOutcome(String code) {
        if (KonaCode.CARD_NOT_FOUND.code().equals(code)) {
            return Optional.of(CachedOutcome.CARD_NOT_FOUND);
        }
        if (KonaCode.VIRTUAL_ACCOUNT_NOT_FOUND.code().equals(code)) {
            return Optional.of(CachedOutcome.NO_ACCOUNT);
        }
        return Optional.empty();
    }

    private static LookupResult fromEntry(LookupSource source, CacheEntry entry) {
        return switch (entry.outcome()) {
            case ACCOUNT -> LookupResult.account(source, entry.account(), null);
            case CARD_NOT_FOUND -> LookupResult.vendorError(source, vendorError(KonaCode.CARD_NOT_FOUND), null);
            case NO_ACCOUNT -> LookupResult.vendorError(source, vendorError(KonaCode.VIRTUAL_ACCOUNT_NOT_FOUND), null);
        };
    }

    private static VendorError vendorError(KonaCode code) {
        return new VendorError(code.httpStatus(), code.code(), code.message());
    }
}
