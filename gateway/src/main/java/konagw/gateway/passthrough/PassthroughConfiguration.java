package konagw.gateway.passthrough;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import konagw.gateway.upstream.CryptoScheduler;
import konagw.gateway.problem.ProblemWriter;
import konagw.gateway.problem.GatewayProblemException;
import konagw.gateway.upstream.UpstreamFailure;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import konagw.gateway.auth.ClientRateLimiter;
import konagw.gateway.auth.RateLimitProblemGatewayFilter;
import konagw.gateway.inquiry.LimitsProperties;
import konagw.gateway.upstream.KonaplateConnection;
import konagw.gateway.upstream.UpstreamGuard;
import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The passthrough: every {@code POST /api/**} that no functional route of the facade serves goes to the vendor
 * (or the embedded sandbox) through Spring Cloud Gateway routes built from {@link PassthroughProperties}, each with,
 * in order: the client rate limit (RequestRateLimiter + problem mapping), {@code KonaplateCrypto},
 * {@code KonaplateHeaders}, {@code KonaplateGuard} (the upstream guard under the route's passthrough policy, which
 * also draws its quota permit). No retry, ever.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassthroughProperties.class)
public class PassthroughConfiguration {

    public static final String DEFAULT_ROUTE_ID = "konaplate-passthrough";
    public static final String DEFAULT_PATH = "/api/**";
    /** After every configured route. */
    static final int DEFAULT_ROUTE_ORDER = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PassthroughConfiguration.class);

    @Bean
    PassthroughExceptionHandler passthroughExceptionHandler(ProblemWriter problems) {
        return new PassthroughExceptionHandler(problems);
    }

    @Bean
    KonaplateCryptoGatewayFilterFactory konaplateCryptoGatewayFilterFactory(KonaplateClient client,
            LimitsProperties limits, @CryptoScheduler Scheduler cryptoScheduler) {
        return new KonaplateCryptoGatewayFilterFactory(settings(client), maxBody(limits), cryptoScheduler);
    }

    @Bean
    KonaplateHeadersGatewayFilterFactory konaplateHeadersGatewayFilterFactory(KonaplateClient client,
            CorrelationIdGenerator correlationIds, Clock clock, KonaTimeZone zone, LimitsProperties limits) {
        return new KonaplateHeadersGatewayFilterFactory(settings(client), correlationIds, new TranClock(clock, zone),
                maxBody(limits));
    }

    @Bean
    KonaplateGuardGatewayFilterFactory konaplateGuardGatewayFilterFactory(UpstreamGuard guard) {
        return new KonaplateGuardGatewayFilterFactory(guard);
    }

    @Bean
    RouteLocator passthroughRoutes(RouteLocatorBuilder builder, PassthroughProperties properties,
            KonaplateConnection connection, KonaplateCryptoGatewayFilterFactory crypto,
            KonaplateHeadersGatewayFilterFactory headers, KonaplateGuardGatewayFilterFactory guard,
            ClientRateLimiter rateLimiter, KeyResolver keyResolver, RateLimitProblemGatewayFilter rateLimitProblems) {
        List<PassthroughProperties.RouteSpec> routes = new ArrayList<>(properties.routes());
        routes.add(new PassthroughProperties.RouteSpec(DEFAULT_ROUTE_ID, List.of(DEFAULT_PATH), true, null,
                UpstreamPolicy.PASSTHROUGH_INSTANCE));
        URI upstream = connection.settings().baseUrl();
        String basePath = upstream.getRawPath() == null || upstream.getRawPath().equals("/") ? ""
                : upstream.getRawPath().replaceAll("/+$", "");
        URI target = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority());
        int connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connection.settings().connectTimeout().toMillis());

        RouteLocatorBuilder.Builder locator = builder.routes();
        for (int i = 0; i < routes.size(); i++) {
            PassthroughProperties.RouteSpec route = routes.get(i);
            int order = route.id().equals(DEFAULT_ROUTE_ID) ? DEFAULT_ROUTE_ORDER : i;
            locator.route(route.id(), r -> r.order(order)
                    .path(route.paths().toArray(String[]::new)).and().method(HttpMethod.POST)
                    .filters(f -> filters(f, route, basePath, crypto, headers, guard, rateLimiter, keyResolver,
                            rateLimitProblems))
                    .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectTimeoutMillis)
                    .uri(target));
            log.info("passthrough route {}: POST {} → {}{} encrypted={} breaker={} timeout={}", route.id(),
                    route.paths(), target, basePath, route.encrypted(), route.circuitBreaker(),
                    route.timeout() != null ? route.timeout() : "instance default");
        }
        return locator.build();
    }

    private static GatewayFilterSpec filters(GatewayFilterSpec f, PassthroughProperties.RouteSpec route,
            String basePath, KonaplateCryptoGatewayFilterFactory crypto, KonaplateHeadersGatewayFilterFactory headers,
            KonaplateGuardGatewayFilterFactory guard, ClientRateLimiter rateLimiter, KeyResolver keyResolver,
            RateLimitProblemGatewayFilter rateLimitProblems) {
        if (!basePath.isEmpty()) {
            f.prefixPath(basePath);
        }
        if (rateLimiter.enabled()) {
            RequestRateLimiterGatewayFilterFactory limiterFactory = new RequestRateLimiterGatewayFilterFactory(
                    rateLimiter.redisRateLimiter(), keyResolver);
            RequestRateLimiterGatewayFilterFactory.Config limit = new RequestRateLimiterGatewayFilterFactory.Config()
                    .setRateLimiter(rateLimiter.redisRateLimiter())
                    .setKeyResolver(keyResolver)
                    .setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            limit.setRouteId(route.id());
            f.filter(rateLimitProblems, RateLimitProblemGatewayFilter.ORDER);
            f.filter(limiterFactory.apply(limit), RateLimitProblemGatewayFilter.LIMITER_ORDER);
        }
        KonaplateGuardGatewayFilterFactory.Config guarded = new KonaplateGuardGatewayFilterFactory.Config()
                .setCircuitBreaker(route.circuitBreaker())
                .setTimeout(route.timeout());
        guarded.setRouteId(route.id());
        return f.filter(crypto.apply(new KonaplateCryptoGatewayFilterFactory.Config().setEncrypted(route.encrypted())))
                .filter(headers.apply(new KonaplateHeadersGatewayFilterFactory.Config()))
                .filter(guard.apply(guarded));
    }

    /**
     * Read per request (one volatile read): the client's settings carry the current crypto keys, so a
     * reloaded key file reaches the passthrough routes as it reaches the facade.
     */
    private static Supplier<KonaplateClientSettings> settings(KonaplateClient client) {
        return client::settings;
    }

    private static int maxBody(LimitsProperties limits) {
        return Math.toIntExact(limits.maxBody().toBytes());
    }
}
