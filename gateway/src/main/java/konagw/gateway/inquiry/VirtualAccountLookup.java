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
    private final InflightRequests<LookupResult> inflight = new InflightRequests<>();

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
        InflightRequests.Joined<LookupResult> joined = inflight.join(key, () -> callUpstream(card, key, partition));
        LookupMetrics.Outcome outcome = joined.coalesced() ? LookupMetrics.Outcome.COALESCED : LookupMetrics.Outcome.MISS;
        return joined.result()
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

    private Mono<LookupResult> callUpstream(CardNumber card, String key, Bulkhead partition) {
        Mono<KonaResponse<VirtualAccount>> call = partition == null ? upstream.inquire(card) : upstream.inquire(card, partition);
        return call.map(response -> {
            Instant now = clock.instant();
            if (response instanceof KonaResponse.Success<VirtualAccount> success) {
                policy.forAccount(success.value(), now).ifPresent(placement -> writeBehind(key, placement));
                return LookupResult.account(LookupSource.UPSTREAM, success.value(), success.correlationId());
            }
            KonaResponse.Failure<VirtualAccount> failure = (KonaResponse.Failure<VirtualAccount>) response;
            negativeOutcome(failure.error().code())
                    .flatMap(negative -> policy.forNegative(negative, now))
                    .ifPresent(placement -> writeBehind(key, placement));
            return LookupResult.vendorError(LookupSource.UPSTREAM, failure.error(), failure.correlationId());
        });
    }

    /** The answer does not wait for the write; a failed write is counted by the cache. */
    private void writeBehind(String key, CachePolicy.Placement placement) {
        cache.write(key, placement).subscribe();
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
