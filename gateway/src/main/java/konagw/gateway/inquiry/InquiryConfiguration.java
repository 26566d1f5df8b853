package konagw.gateway.inquiry;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CachePolicy;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.problem.ProblemResponses;
import konagw.gateway.upstream.GuardedKonaplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
public class InquiryConfiguration {

    @Bean
    VirtualAccountLookup virtualAccountLookup(VirtualAccountCache cache, CacheKeys keys, CachePolicy policy,
            GuardedKonaplate upstream, Clock clock, MeterRegistry meters) {
        return new VirtualAccountLookup(cache, keys, policy, upstream, clock, meters);
    }

    @Bean
    RequestBodies requestBodies(LimitsProperties limits) {
        return new RequestBodies(Math.toIntExact(limits.maxBody().toBytes()));
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    CardNoReader cardNoReader(JsonMapper json) {
        return new CardNoReader(json);
    }

    @Bean
    InquiryHandler inquiryHandler(VirtualAccountLookup lookup, RequestBodies bodies, CardNoReader reader,
            ProblemResponses problems, CorrelationIdGenerator correlationIds, JsonMapper json) {
        return new InquiryHandler(lookup, bodies, reader, problems, correlationIds, json);
    }

    /** Functional routes take precedence over the gateway's passthrough routes for these paths. */
    @Bean
    RouterFunction<ServerResponse> inquiryRoutes(InquiryHandler handler) {
        return RouterFunctions.route()
                .POST(InquiryHandler.INQUIRY_PATH, handler::inquire)
                .POST(InquiryHandler.EVICT_PATH, handler::evict)
                .build();
    }
}
