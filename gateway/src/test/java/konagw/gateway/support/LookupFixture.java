package konagw.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import konagw.gateway.inquiry.VirtualAccountLookup;
import konagw.gateway.quota.Partition;
import konagw.gateway.quota.UpstreamQuotaExceededException;
import konagw.gateway.upstream.GuardMetrics;
import konagw.gateway.upstream.RetryableUpstreamFailure;
import konagw.gateway.upstream.UpstreamGuard;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The lookup without Spring: the real sandbox over HTTP, the real in-memory store behind a {@link GatedStore}, the
 * real guard (the batch quota refuses while {@link #batchQuotaExhausted}).
 */
public final class LookupFixture implements AutoCloseable {

    public final SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build());
    public final GatedStore store = new GatedStore(new InMemoryCacheStore(1000, Ticker.systemTicker()));
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final CacheSecrets secrets = CacheSecrets.derive("0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.US_ASCII));
    public volatile boolean batchQuotaExhausted;
    public final UpstreamGuard guard = guard();
    public final KonaplateClient client = client();
    public final VirtualAccountLookup lookup = lookupOver(store);

    /** A lookup over {@code shared}: another replica when it is the same store, with flights of its own. */
    public VirtualAccountLookup lookupOver(CacheStore shared) {
        return new VirtualAccountLookup(cacheOver(shared), new CacheKeys(secrets.keyHmacKey()),
                new CachePolicy(cacheProperties()), client, guard, Clock.systemUTC(), meters);
    }

    public VirtualAccountCache cacheOver(CacheStore shared) {
        return new VirtualAccountCache(shared, new CacheValueSealer(secrets.valueAesKey()), meters);
    }

    private UpstreamGuard guard() {
        return new UpstreamGuard(CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .ignoreExceptions(UpstreamQuotaExceededException.class).build()),
                TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(20)).build()),
                RetryRegistry.of(RetryConfig.custom().retryOnException(new RetryableUpstreamFailure()).build()),
                BulkheadRegistry.ofDefaults()::bulkhead,
                partition -> partition == Partition.BATCH && batchQuotaExhausted
                        ? Mono.error(new UpstreamQuotaExceededException(partition, Duration.ofSeconds(1)))
                        : Mono.empty(),
                new GuardMetrics(meters), Schedulers.parallel());
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

    public static CacheProperties cacheProperties() {
        return new CacheProperties(null, new CacheProperties.Ttl(Duration.ofHours(12), Duration.ZERO,
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofHours(1),
                Duration.ofMillis(150), 1000, new CacheProperties.Near(Duration.ofSeconds(5), 10_000));
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
