package konagw.gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.timeout.TimeoutScheduler;
import konagw.gateway.tracing.Spans;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.ProductionRulesConfiguration;
import konagw.gateway.quota.UpstreamQuota;
import konagw.gateway.transport.TransportConfiguration;
import konagw.gateway.transport.UpstreamTransport;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KonaplateProperties.class)
public class UpstreamConfiguration {

    /** The Resilience4j instance name of the inquiry ({@code resilience4j.*.instances.konaplate}). */
    public static final String INSTANCE = UpstreamPolicy.INQUIRY_INSTANCE;

    private static final Logger log = LoggerFactory.getLogger(UpstreamConfiguration.class);

    /** No breaker counts a call the gateway refused itself ({@link UpstreamBreakers}). */
    @Bean
    CircuitBreakerConfigCustomizer breakersIgnoreRefusals() {
        return UpstreamBreakers.breakersIgnoreRefusals();
    }

    /** The inquiry's retry predicate ({@link RetryableUpstreamFailure}). */
    @Bean
    RetryConfigCustomizer inquiryRetriesTransientFailures() {
        return UpstreamBreakers.inquiryRetriesTransientFailures();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KonaTimeZone konaTimeZone(KonaplateProperties properties) {
        return properties.zone();
    }

    @Bean
    CorrelationIdGenerator correlationIdGenerator(KonaplateProperties properties, Clock clock, KonaTimeZone zone) {
        return properties.instanceId() != null
                ? new CorrelationIdGenerator(clock, zone.zone(), properties.instanceId())
                : CorrelationIdGenerator.forHost(clock, zone.zone());
    }

    /** Replicas sharing a Redis lease distinct instance ids for their correlation ids, unless one is configured. */
    @Bean
    @Conditional(InstanceIdLeaseCondition.class)
    InstanceIdLease instanceIdLease(ReactiveRedisConnectionFactory redis, RedisConnectionGate redisConnectionGate,
            CorrelationIdGenerator correlationIds) {
        return new InstanceIdLease(new ReactiveStringRedisTemplate(redis), redisConnectionGate, correlationIds,
                Schedulers.parallel(), InstanceIdLease.LEASE, CorrelationIdGenerator.hostName());
    }

    /** RSA private-key work (~1 ms a call) runs here, never on the Netty event loop. */
    @Bean(destroyMethod = "dispose")
    @CryptoScheduler
    Scheduler cryptoScheduler() {
        return Schedulers.newParallel("konagw-crypto", Runtime.getRuntime().availableProcessors(), true);
    }

    /** After the production rules: the prod profile never starts the embedded sandbox. */
    @Bean(destroyMethod = "close")
    @DependsOn(ProductionRulesConfiguration.RULES)
    KonaplateConnection konaplateConnection(KonaplateProperties properties, ResourceLoader resources,
            TimeLimiterRegistry timeLimiters, JweProvider jweProvider) {
        Duration budget = timeLimiters.timeLimiter(INSTANCE).getTimeLimiterConfig().getTimeoutDuration();
        if (!properties.embedded()) {
            // digest first: files replaced while they are read are then loaded by the first reload check
            byte[] keyFiles = KeyFileDigest.of(resources, KonaplateSettingsResolver.keyLocations(properties.crypto()));
            return new KonaplateConnection(new KonaplateSettingsResolver(resources, jweProvider).resolve(properties, budget),
                    null, keyFiles);
        }
        SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().provider(jweProvider).build());
        SandboxSettings s = sandbox.settings();
        JweSettings jwe = s.jwe();
        KonaplateClientSettings settings = new KonaplateClientSettings(sandbox.baseUrl(), s.credentials(),
                s.cryptoKeyId(),
                new JweEncryptor((java.security.interfaces.RSAPublicKey) sandbox.keys().serverCertificate().getPublicKey(),
                        s.cryptoKeyId(), jwe, jweProvider),
                new JweDecryptor(java.util.Map.of(s.cryptoKeyId(), sandbox.keys().clientPrivateKey()), jwe, jweProvider),
                s.envelope(), properties.zone(), properties.connectTimeout(), budget);
        log.warn("konaplate.base-url is not set: using the embedded KONA PLATE sandbox at {} (local default, "
                + "test cards only; the prod profile refuses this)", sandbox.baseUrl());
        return new KonaplateConnection(settings, sandbox);
    }

    /** The facade's client: its own pool, the proxy and TLS of {@link UpstreamTransport} (shared with passthrough). */
    @Bean
    KonaplateClient konaplateClient(KonaplateConnection connection, UpstreamTransport transport,
            @Qualifier(TransportConfiguration.FACADE_POOL) ConnectionProvider connections, Clock clock,
            KonaTimeZone zone, CorrelationIdGenerator correlationIds, @CryptoScheduler Scheduler cryptoScheduler) {
        return new KonaplateClient(connection.settings(), transport.configure(HttpClient.create(connections)),
                new TranClock(clock, zone), correlationIds, cryptoScheduler);
    }

    /**
     * The one guard of every upstream call. Bulkheads are the registry's, except those the application builds as
     * beans (the batch partition, a share of {@code konaplate}'s).
     */
    @Bean
    UpstreamGuard upstreamGuard(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters,
            RetryRegistry retries, BulkheadRegistry bulkheads, List<Bulkhead> partitionBulkheads, MeterRegistry meters,
            UpstreamQuota upstreamQuota, @TimeoutScheduler Scheduler timeoutScheduler, KonaplateConnection connection,
            Spans spans) {
        Function<String, Bulkhead> byName = name -> partitionBulkheads.stream()
                .filter(bulkhead -> bulkhead.getName().equals(name))
                .findFirst()
                .orElseGet(() -> bulkheads.bulkhead(name));
        UpstreamGuard guard = new UpstreamGuard(breakers, timeLimiters, retries, byName, upstreamQuota,
                new GuardMetrics(meters, connection.settings().baseUrl().getHost()), timeoutScheduler, spans);
        for (UpstreamPolicy policy : List.of(UpstreamPolicy.INTERACTIVE, UpstreamPolicy.BATCH, UpstreamPolicy.JOB)) {
            guard.prepare(policy);
        }
        return guard;
    }

}
