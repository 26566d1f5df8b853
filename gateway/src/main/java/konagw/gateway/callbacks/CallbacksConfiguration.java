package konagw.gateway.callbacks;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.netty.channel.ChannelOption;
import konagw.core.client.KonaplateClient;
import konagw.core.headers.SignedHeadersVerifier;
import konagw.core.protocol.ApiCredentials;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.RedisConfiguredCondition;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.Problems;
import konagw.gateway.inquiry.LimitsProperties;
import konagw.gateway.timeout.TimeoutScheduler;
import konagw.gateway.upstream.CryptoScheduler;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/** The callback listener and what it needs; present only when {@code konagw.callbacks.port} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "konagw.callbacks", name = "port")
public class CallbacksConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CallbacksConfiguration.class);
    /** An in-memory guard remembers at most this many ids (about 100 bytes each). */
    private static final long IN_MEMORY_MAX_IDS = 1_000_000;

    @Bean
    ReplayGuard callbackReplayGuard(CallbacksProperties properties, Environment environment,
            ObjectProvider<RedisConnectionGate> redis, CacheProperties cache,
            @TimeoutScheduler Scheduler timeouts) {
        if (RedisConfiguredCondition.configured(environment)) {
            return new RedisReplayGuard(redis.getObject(), properties.replayWindow(), cache.redisTimeout(), timeouts);
        }
        return new InMemoryReplayGuard(properties.replayWindow(), IN_MEMORY_MAX_IDS, Ticker.systemTicker());
    }

    @Bean
    CallbackServer callbackServer(CallbacksProperties properties, Environment environment, KonaplateClient client,
            ReplayGuard callbackReplayGuard, CircuitBreakerRegistry breakers,
            LimitsProperties limits, MeterRegistry meters, Clock clock, @CryptoScheduler Scheduler crypto,
            @TimeoutScheduler Scheduler timeouts, ReactorResourceFactory reactorResources,
            ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        requireOwnPort(properties, environment);
        ApiCredentials credentials = client.settings().credentials();
        // callbacks carry no access key ("excluded for Callback API")
        SignedHeadersVerifier headers = new SignedHeadersVerifier(credentials.aspId(), null,
                credentials.secretKey(), properties.maxSkew(), clock, "the gateway clock");
        JsonMapper json = JsonMapper.builder().build();
        Map<String, CallbackRoute> routes = new LinkedHashMap<>();
        Duration connectTimeout = Duration.ofSeconds(2);
        for (CallbacksProperties.RouteSpec spec : properties.routes()) {
            routes.put(spec.path(), new CallbackRoute(spec, breakers.circuitBreaker(CallbackRoute.breakerName(spec.id()))));
            connectTimeout = spec.timeout().compareTo(connectTimeout) < 0 ? spec.timeout() : connectTimeout;
        }
        // the web server's event loops: no threads of its own for a low-rate listener
        LoopResources loops = reactorResources.getLoopResources();
        // not a bean: the upstream client injects the one ConnectionProvider bean there is
        ConnectionProvider connections = ConnectionProvider.builder("konagw-callbacks").maxConnections(64)
                .pendingAcquireMaxCount(256).maxIdleTime(Duration.ofSeconds(30)).build();
        HttpClient http = HttpClient.create(connections).runOn(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        CallbackHandler handler = new CallbackHandler(routes, new CallbackVerifier(headers, client, crypto, json),
                callbackReplayGuard, new CallbackForwarder(http, timeouts, tracer.getIfAvailable(),
                        propagator.getIfAvailable()), client, new CallbackMetrics(meters), json,
                (int) Math.min(Integer.MAX_VALUE, limits.maxBody().toBytes()));
        log.info("callbacks: {} route(s) {}, skew {}, replay guard {}", routes.size(),
                properties.routes().stream().map(r -> r.id() + " " + r.path() + " -> " + r.forwardTo().getHost()).toList(),
                properties.maxSkew(), callbackReplayGuard.kind());
        return new CallbackServer(properties.host(), properties.port(), loops, handler, connections);
    }

    /** The callback port must be a port of its own, or the facade and the actuator would share it. */
    static void requireOwnPort(CallbacksProperties properties, Environment environment) {
        int port = properties.port();
        if (port == 0) {
            return;
        }
        Problems problems = new Problems();
        Integer server = environment.getProperty("server.port", Integer.class, 8080);
        Integer management = environment.getProperty("management.server.port", Integer.class);
        if (server == port) {
            problems.add("konagw.callbacks.port must differ from server.port (the callback listener is its own server)");
        }
        if (management != null && management == port) {
            problems.add("konagw.callbacks.port must differ from management.server.port");
        }
        problems.throwIfAny();
    }
}
