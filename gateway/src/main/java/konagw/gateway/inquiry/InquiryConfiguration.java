package konagw.gateway.inquiry;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.web.bind.annotation.RequestMethod;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import konagw.gateway.problem.Problem;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CachePolicy;
import konagw.gateway.cache.NearCacheInvalidation;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.problem.ProblemWriter;
import konagw.core.client.KonaplateClient;
import konagw.gateway.upstream.UpstreamGuard;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
public class InquiryConfiguration {

    @Bean
    VirtualAccountLookup virtualAccountLookup(VirtualAccountCache cache, CacheKeys keys, CachePolicy policy,
            KonaplateClient client, UpstreamGuard guard, Clock clock, MeterRegistry meters,
            ObjectProvider<NearCacheInvalidation> invalidation) {
        VirtualAccountLookup lookup = new VirtualAccountLookup(cache, keys, policy, client, guard, clock, meters);
        invalidation.ifAvailable(channel -> channel.onRemoteEviction(lookup::abandonFlights));
        return lookup;
    }

    @Bean
    RequestBodies requestBodies(LimitsProperties limits) {
        return new RequestBodies(Math.toIntExact(limits.maxBody().toBytes()));
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    CardNoReader cardNoReader(JsonMapper json) {
        return new CardNoReader(json);
    }

    @Bean
    InquiryHandler inquiryHandler(VirtualAccountLookup lookup, RequestBodies bodies, CardNoReader reader,
            ProblemWriter problems, CorrelationIdGenerator correlationIds, JsonMapper json) {
        return new InquiryHandler(lookup, bodies, reader, problems, correlationIds, json);
    }

    /** Functional routes take precedence over the gateway's passthrough routes for these paths. */
    @Bean
    @RouterOperations({
        @RouterOperation(path = InquiryHandler.INQUIRY_PATH, method = RequestMethod.POST,
                beanClass = InquiryHandler.class, beanMethod = "inquire",
                operation = @Operation(operationId = "inquireVirtualAccount", tags = "virtual-account",
                        summary = "Virtual account linked to a card (cached)",
                        parameters = @Parameter(in = ParameterIn.HEADER, name = "Cache-Control",
                                description = "no-cache forces an upstream lookup and refreshes the entry"),
                        requestBody = @RequestBody(required = true,
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = CardRequest.class))),
                        responses = {
                            @ApiResponse(responseCode = "200", description = "account found; X-Cache: HIT|MISS|STALE",
                                    content = @Content(mediaType = "application/json",
                                            schema = @Schema(implementation = AccountBody.class))),
                            @ApiResponse(responseCode = "400", description = "000_002, 000_003, 003_029, 003_067",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "413", description = "900_006",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "415", description = "900_007",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "502", description = "900_003",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "503", description = "900_001 (Retry-After)",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "504", description = "900_002",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class)))
                        })),
        @RouterOperation(path = InquiryHandler.EVICT_PATH, method = RequestMethod.POST,
                beanClass = InquiryHandler.class, beanMethod = "evict",
                operation = @Operation(operationId = "evictVirtualAccount", tags = "virtual-account",
                        summary = "Drop the cached entry of a card",
                        requestBody = @RequestBody(required = true,
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(implementation = CardRequest.class))),
                        responses = {
                            @ApiResponse(responseCode = "204", description = "evicted (or was not cached)"),
                            @ApiResponse(responseCode = "400", description = "000_002, 000_003",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class)))
                        }))
    })
    RouterFunction<ServerResponse> inquiryRoutes(InquiryHandler handler) {
        return RouterFunctions.route()
                .POST(InquiryHandler.INQUIRY_PATH, handler::inquire)
                .POST(InquiryHandler.EVICT_PATH, handler::evict)
                .build();
    }
}
