package konagw.gateway.batch;

import java.time.Duration;

import org.springdoc.core.annotations.RouterOperation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.audit.CardAudit;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.inquiry.RequestBodies;
import konagw.gateway.inquiry.VirtualAccountLookup;
import konagw.gateway.problem.Problem;
import konagw.gateway.problem.ProblemWriter;
import konagw.gateway.upstream.UpstreamConfiguration;
import konagw.gateway.upstream.UpstreamGuard;
import konagw.gateway.tracing.Spans;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchProperties.class)
public class BatchConfiguration {

    private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(2);

    /** The batch share of the upstream concurrency. */
    @Bean
    BatchPartition batchPartition(BatchProperties properties, BulkheadRegistry bulkheads) {
        return BatchPartition.create(bulkheads, bulkheads.bulkhead(UpstreamConfiguration.INSTANCE),
                properties.upstreamShare());
    }

    /** The chunked lookup of batches and job chunks alike. */
    @Bean
    BatchLookup batchLookup(BatchProperties properties, BatchPartition partition, VirtualAccountLookup lookup,
            VirtualAccountCache cache, CacheProperties cacheProperties, TimeLimiterRegistry timeLimiters,
            UpstreamGuard guard) {
        // backstops only: the Redis timeout and the upstream time limiter answer well before them
        Duration readDeadline = cacheProperties.redisTimeout().multipliedBy(4).plus(BACKSTOP_MARGIN);
        Duration lookupDeadline = timeLimiters.timeLimiter(UpstreamConfiguration.INSTANCE).getTimeLimiterConfig()
                .getTimeoutDuration().plus(BACKSTOP_MARGIN);
        return new BatchLookup(lookup, cache, partition, properties.upstreamConcurrency(), readDeadline,
                lookupDeadline, Schedulers.parallel(), guard);
    }

    /** Job chunks, looked up as batches are. */
    @Bean
    ChunkLookup chunkLookup(BatchLookup batchLookup) {
        return new ChunkLookup(batchLookup);
    }

    @Bean
    BatchHandler batchHandler(BatchProperties properties, BatchLookup batchLookup, ProblemWriter problems,
            CorrelationIdGenerator correlationIds, JsonMapper json, MeterRegistry meters, Spans spans,
            ObjectProvider<CardAudit> cardAudit) {
        // its own body limit: not a RequestBodies bean, which would compete with the facade's
        RequestBodies bodies = new RequestBodies(Math.toIntExact(properties.maxBody().toBytes()));
        return new BatchHandler(bodies, new BatchRequestReader(json, properties.maxSize()), batchLookup,
                problems, correlationIds, meters, properties.deadline(), spans, cardAudit.getIfAvailable());
    }

    @Bean
    @RouterOperation(path = BatchHandler.BATCH_PATH, method = RequestMethod.POST,
            beanClass = BatchHandler.class, beanMethod = "lookUp",
            operation = @Operation(operationId = "inquireVirtualAccounts", tags = "virtual-account",
                    summary = "Virtual accounts of many cards at once (up to konagw.batch.max-size), one result per "
                            + "entry; streamed",
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
                            schema = @Schema(example = "{\"cardNos\":[\"9410000000000001\",\"12\",null]}"))),
                    responses = {
                        @ApiResponse(responseCode = "200", description = "one result per entry, in input order, "
                                + "then the summary (JSON); or one line per result as it is known, then a summary "
                                + "line (Accept: application/x-ndjson)", content = {
                                    @Content(mediaType = "application/json"),
                                    @Content(mediaType = "application/x-ndjson")}),
                        @ApiResponse(responseCode = "400", description = "000_002, 000_003",
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class))),
                        @ApiResponse(responseCode = "413", description = "900_006",
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class))),
                        @ApiResponse(responseCode = "415", description = "900_007",
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class)))
                    }))
    RouterFunction<ServerResponse> batchRoutes(BatchHandler handler) {
        return RouterFunctions.route()
                .POST(BatchHandler.BATCH_PATH, handler::lookUp)
                .build();
    }
}
