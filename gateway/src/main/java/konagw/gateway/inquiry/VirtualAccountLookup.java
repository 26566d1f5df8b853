package konagw.gateway.inquiry;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.card.CardNumber;
import konagw.core.client.KonaResponse;
import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.protocol.KonaCode;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CachePolicy;
import konagw.gateway.cache.CachedOutcome;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.upstream.GuardedKonaplate;
import konagw.gateway.upstream.UpstreamFailure;
import reactor.core.publisher.Mono;

/**
 * Card → virtual account: cache first, then one coalesced upstream call per card, written back without
 * holding the answer; a stale FIXATION entry answers when upstream fails.
 */
public final class VirtualAccountLookup {

    private final VirtualAccountCache cache;
    private final CacheKeys keys;
    private final CachePolicy policy;
    private final GuardedKonaplate upstream;
    private final Clock clock;
    private final LookupMetrics metrics;
    private final InflightRequests<Fetched> inflight = new InflightRequests<>();

    /** An upstream answer and the cache entry it should leave behind, if any. */
    private record Fetched(LookupResult result, CachePolicy.Placement placement) {
    }

    public VirtualAccountLookup(VirtualAccountCache cache, CacheKeys keys, CachePolicy policy,
            GuardedKonaplate upstream, Clock clock, MeterRegistry meters) {
        this.cache = cache;
        this.keys = keys;
        this.policy = policy;
        this.upstream = upstream;
        this.clock = clock;
        this.metrics = new LookupMetrics(meters);
    }

    /** @param bypassCache {@code Cache-Control: no-cache}: skip the read, still refresh the entry */
    public Mono<LookupResult> lookup(CardNumber card, boolean bypassCache) {
        String key = keys.keyOf(card);
        if (bypassCache) {
            return fetch(card, key, null, null);
        }
        return cache.read(key)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(cached -> resolve(card, key, cached.orElse(null), null));
    }

    /**
     * Continues a lookup whose cache read was already done (the batch reads many at once).
     * @param cached the entry read, or {@code null}
     * @param partition the upstream concurrency partition, or {@code null} for the interactive one
     */
    public Mono<LookupResult> resolve(CardNumber card, String key, CacheEntry cached, Bulkhead partition) {
        if (cached != null && cached.freshAt(clock.instant())) {
            LookupResult hit = fromEntry(LookupSource.CACHE, cached);
            metrics.record(LookupMetrics.Outcome.HIT, LookupMetrics.resultOf(hit));
            return Mono.just(hit);
        }
        CacheEntry stale = cached != null && cached.servableStale() ? cached : null;
        return fetch(card, key, stale, partition);
    }

    public String keyOf(CardNumber card) {
        return keys.keyOf(card);
    }

    public Mono<Void> evict(CardNumber card) {
        return cache.evict(keys.keyOf(card));
    }

    private Mono<LookupResult> fetch(CardNumber card, String key, CacheEntry stale, Bulkhead partition) {
        InflightRequests.Joined<Fetched> joined = inflight.join(key, () -> callUpstream(card, partition),
                fetched -> fetched.placement() == null ? Mono.empty() : cache.write(key, fetched.placement()));
        LookupMetrics.Outcome outcome = joined.coalesced() ? LookupMetrics.Outcome.COALESCED : LookupMetrics.Outcome.MISS;
        return joined.result()
                .map(Fetched::result)
                .doOnNext(result -> metrics.record(outcome, LookupMetrics.resultOf(result)))
                .onErrorResume(UpstreamFailure.class, failure -> {
                    if (stale == null) {
                        metrics.record(outcome, LookupMetrics.Result.FAILURE);
                        return Mono.error(failure);
                    }
                    LookupResult served = fromEntry(LookupSource.STALE, stale);
                    metrics.record(LookupMetrics.Outcome.STALE, LookupMetrics.resultOf(served));
                    return Mono.just(served);
                });
    }

    /** The answer does not wait for the cache write: {@link InflightRequests} runs it as a follow-up. */
    private Mono<Fetched> callUpstream(CardNumber card, Bulkhead partition) {
        Mono<KonaResponse<VirtualAccount>> call = partition == null ? upstream.inquire(card) : upstream.inquire(card, partition);
        return call.map(response -> {
            Instant now = clock.instant();
            if (response instanceof KonaResponse.Success<VirtualAccount> success) {
                return new Fetched(LookupResult.account(LookupSource.UPSTREAM, success.value(), success.correlationId()),
                        policy.forAccount(success.value(), now).orElse(null));
            }
            KonaResponse.Failure<VirtualAccount> failure = (KonaResponse.Failure<VirtualAccount>) response;
            return new Fetched(LookupResult.vendorError(LookupSource.UPSTREAM, failure.error(), failure.correlationId()),
                    negativeOutcome(failure.error().code())
                            .flatMap(negative -> policy.forNegative(negative, now))
                            .orElse(null));
        });
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
