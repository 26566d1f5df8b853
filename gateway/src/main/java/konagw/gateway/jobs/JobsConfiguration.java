package konagw.gateway.jobs;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import konagw.gateway.audit.CardAudit;
import konagw.gateway.batch.ChunkLookup;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.RedisConfiguredCondition;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.ProductionRulesConfiguration;
import konagw.gateway.problem.Problem;
import konagw.gateway.problem.ProblemWriter;
import konagw.gateway.timeout.TimeoutScheduler;
import konagw.gateway.tracing.Spans;
import konagw.gateway.upstream.CryptoScheduler;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
public class JobsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);
    /** The most one job-store command may take (a chunk's results are tens of kilobytes). */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

    /** After the production rules: the prod profile never keeps jobs in memory. */
    @Bean
    @DependsOn(ProductionRulesConfiguration.RULES)
    JobEngine jobEngine(JobsProperties properties, Environment environment, CacheProperties cache,
            ObjectProvider<RedisConnectionGate> redis, Clock clock, @TimeoutScheduler Scheduler timeoutScheduler,
            @CryptoScheduler Scheduler cryptoScheduler) {
        if (RedisConfiguredCondition.configured(environment)) {
            // the cache configuration has already refused a Redis without konagw.cache.secret
            log.info("jobs: in Redis (streams, consumer group '{}'), shared by every replica; chunks of {}, {} at once "
                    + "per replica, taken over after {} without a sign of life, kept {} after they end",
                    RedisJobEngine.GROUP, properties.chunkSize(), properties.concurrency(), properties.claimAfter(),
                    properties.retention());
            return new RedisJobEngine(redis.getObject(), JobSealer.fromCacheSecret(cache.secret()), cache.secret(),
                    clock, properties.retention(), properties.claimAfter(), STORE_TIMEOUT, timeoutScheduler,
                    cryptoScheduler);
        }
        log.warn("jobs: no Redis configured: jobs are kept in memory on this instance only and lost on restart "
                + "(local default; the prod profile requires Redis)");
        return new InMemoryJobEngine(clock, properties.retention());
    }

    @Bean
    JobMetrics jobMetrics(MeterRegistry meters, JobEngine engine) {
        return new JobMetrics(meters, engine.kind());
    }

    @Bean
    JobRunner jobRunner(JobEngine engine, ChunkLookup chunkLookup, JobsProperties properties, JobMetrics metrics,
            @TimeoutScheduler Scheduler timeoutScheduler, Spans spans, ObjectProvider<CardAudit> cardAudit) {
        return new JobRunner(engine, chunkLookup, properties, metrics, Schedulers.parallel(), timeoutScheduler, spans,
                cardAudit.getIfAvailable());
    }

    @Bean
    JobsHandler jobsHandler(JobEngine engine, JobsProperties properties, ProblemWriter problems, JsonMapper json,
            Clock clock, JobMetrics metrics) {
        return new JobsHandler(engine, properties, problems, json, clock, metrics);
    }

    @Bean
    @RouterOperations({
        @RouterOperation(path = JobsHandler.JOBS_PATH, method = RequestMethod.POST,
                beanClass = JobsHandler.class, beanMethod = "submit",
                operation = @Operation(operationId = "submitInquiryJob", tags = "virtual-account-jobs",
                        summary = "Submit an asynchronous lookup of many cards (up to konagw.jobs.max-size)",
                        parameters = @Parameter(in = ParameterIn.HEADER, name = JobsHandler.IDEMPOTENCY_KEY,
                                description = "the same key from the same client within the retention returns "
                                        + "the existing job (200) instead of a second one"),
                        requestBody = @RequestBody(required = true, content = {
                            @Content(mediaType = "application/json",
                                    schema = @Schema(example = "{\"cardNos\":[\"9410000000000001\"]}")),
                            @Content(mediaType = "application/x-ndjson",
                                    schema = @Schema(example = "{\"cardNo\":\"9410000000000001\"}"))}),
                        responses = {
                            @ApiResponse(responseCode = "202", description = "accepted; Location names the job",
                                    content = @Content(mediaType = "application/json",
                                            schema = @Schema(implementation = JobStatus.class))),
                            @ApiResponse(responseCode = "200", description = "the job of this Idempotency-Key",
                                    content = @Content(mediaType = "application/json",
                                            schema = @Schema(implementation = JobStatus.class))),
                            @ApiResponse(responseCode = "400", description = "000_002, 000_003",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "413", description = "900_006",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class))),
                            @ApiResponse(responseCode = "415", description = "900_007",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class)))
                        })),
        @RouterOperation(path = JobsHandler.JOB_PATH, method = RequestMethod.GET,
                beanClass = JobsHandler.class, beanMethod = "status",
                operation = @Operation(operationId = "inquiryJobStatus", tags = "virtual-account-jobs",
                        summary = "Status and progress of a job",
                        parameters = @Parameter(in = ParameterIn.PATH, name = "id"),
                        responses = {
                            @ApiResponse(responseCode = "200", description = "the status document",
                                    content = @Content(mediaType = "application/json",
                                            schema = @Schema(implementation = JobStatus.class))),
                            @ApiResponse(responseCode = "404", description = "900_008 (unknown, expired, or "
                                    + "another client's)",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class)))
                        })),
        @RouterOperation(path = JobsHandler.RESULTS_PATH, method = RequestMethod.GET,
                beanClass = JobsHandler.class, beanMethod = "results",
                operation = @Operation(operationId = "inquiryJobResults", tags = "virtual-account-jobs",
                        summary = "Results in input order from index `from`: the completed prefix while the job "
                                + "runs; once it has ended, all of them (or a cancelled job's prefix) and a summary line",
                        parameters = {
                            @Parameter(in = ParameterIn.PATH, name = "id"),
                            @Parameter(in = ParameterIn.QUERY, name = "from",
                                    description = "first index to return (resume a download)",
                                    schema = @Schema(type = "integer", minimum = "0"))},
                        responses = {
                            @ApiResponse(responseCode = "200", description = "one batch result per line",
                                    content = @Content(mediaType = "application/x-ndjson")),
                            @ApiResponse(responseCode = "404", description = "900_008",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class)))
                        })),
        @RouterOperation(path = JobsHandler.JOB_PATH, method = RequestMethod.DELETE,
                beanClass = JobsHandler.class, beanMethod = "cancel",
                operation = @Operation(operationId = "cancelInquiryJob", tags = "virtual-account-jobs",
                        summary = "Cancel a job: no further chunk starts, results so far stay readable",
                        parameters = @Parameter(in = ParameterIn.PATH, name = "id"),
                        responses = {
                            @ApiResponse(responseCode = "202", description = "cancelled (or had already ended)",
                                    content = @Content(mediaType = "application/json",
                                            schema = @Schema(implementation = JobStatus.class))),
                            @ApiResponse(responseCode = "404", description = "900_008",
                                    content = @Content(mediaType = "application/problem+json",
                                            schema = @Schema(implementation = Problem.class)))
                        }))
    })
    RouterFunction<ServerResponse> jobRoutes(JobsHandler handler) {
        return RouterFunctions.route()
                .POST(JobsHandler.JOBS_PATH, handler::submit)
                .GET(JobsHandler.RESULTS_PATH, handler::results)
                .GET(JobsHandler.JOB_PATH, handler::status)
                .DELETE(JobsHandler.JOB_PATH, handler::cancel)
                .build();
    }
}
