package konagw.gateway.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.VirtualAccountCache;
import konagw.gateway.inquiry.RequestBodies;
import konagw.gateway.inquiry.VirtualAccountLookup;
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
            CorrelationIdGenerator correlationIds, JsonMapper json, MeterRegistry meters, Spans spans) {
        // its own body limit: not a RequestBodies bean, which would compete with the facade's
        RequestBodies bodies = new RequestBodies(Math.toIntExact(properties.maxBody().toBytes()));
        return new BatchHandler(bodies, new BatchRequestReader(json, properties.maxSize()), batchLookup,
                problems, correlationIds, meters, properties.deadline(), spans);
    }

    @Bean
    RouterFunction<ServerResponse> batchRoutes(BatchHandler handler) {
        return RouterFunctions.route()
                .POST(BatchHandler.BATCH_PATH, handler::lookUp)
                .build();
    }
}
