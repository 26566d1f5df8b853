package konagw.gateway.jobs;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import konagw.core.protocol.KonaCode;
import konagw.gateway.audit.AuditCounts;
import konagw.gateway.auth.AuthenticatedClient;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.logging.RequestMdc;
import konagw.gateway.problem.GatewayProblemException;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The asynchronous jobs API. {@code POST …/inquiry/jobs} reads the body as it arrives into chunks stored at once
 * (never the whole body, never a tree) and answers 202 with the status document before anything is looked up;
 * {@code GET …/jobs/{id}} is the status, {@code GET …/jobs/{id}/results[?from=N]} the results in input order
 * (streamed chunk by chunk), {@code DELETE …/jobs/{id}} cancels. A job is visible only to the client that created it:
 * for any other, it is an unknown job (404 {@code 900_008}).
 */
public final class JobsHandler {

    public static final String JOBS_PATH = InquiryHandler.INQUIRY_PATH + "/jobs";
    public static final String JOB_PATH = JOBS_PATH + "/{id}";
    public static final String RESULTS_PATH = JOB_PATH + "/results";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(JobsHandler.class);
    private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;
    private static final int MAX_IDEMPOTENCY_KEY = 256;
    /** A chunk not stored (yet): the readable prefix ends before it. */
    private static final byte[] MISSING = new byte[0];

    private final JobEngine engine;
    private final JobsProperties properties;
    private final ProblemWriter problems;
    private final JsonMapper json;
    private final Clock clock;
    private final JobMetrics metrics;

    JobsHandler(JobEngine engine, JobsProperties properties, ProblemWriter problems, JsonMapper json, Clock clock,
            JobMetrics metrics) {
        this.engine = engine;
        this.properties = properties;
        this.problems = problems;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Mono<ServerResponse> submit(ServerRequest request) {
        JobInputParser.Format format;
        try {
            format = format(request);
        } catch (GatewayProblemException e) {
            return problems.failure(e, null);
        }
        long maxBody = properties.maxBody().toBytes();
        if (request.headers().contentLength().orElse(-1) > maxBody) {
            return problems.failure(tooLarge(maxBody), null);
        }
        String owner = owner(request);
        String idempotencyKey = request.headers().firstHeader(IDEMPOTENCY_KEY);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            return problems.failure(new GatewayProblemException(KonaCode.INVALID_INPUT,
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters."), null);
        }
        Mono<String> existing = idempotencyKey == null ? Mono.empty() : engine.idempotent(owner, idempotencyKey);
        return existing
                .flatMap(id -> engine.snapshot(id).flatMap(job -> status(HttpStatus.OK, job)))
                .switchIfEmpty(Mono.defer(() -> receive(request, format, owner, idempotencyKey, maxBody)))
                .onErrorResume(failure -> problems.failure(visible(failure), null));
    }

    private Mono<ServerResponse> receive(ServerRequest request, JobInputParser.Format format, String owner,
            String idempotencyKey, long maxBody) {
        String id = JobIds.next();
        JobInputParser parser = new JobInputParser(json, format, properties.chunkSize(), properties.maxSize());
        AtomicLong read = new AtomicLong();
        AtomicInteger chunks = new AtomicInteger();
        Flux<long[]> parsed = request.body(BodyExtractors.toDataBuffers())
                .concatMapIterable(buffer -> {
                    try {
                        int n = buffer.readableByteCount();
                        if (read.addAndGet(n) > maxBody) {
                            throw tooLarge(maxBody);
                        }
                        byte[] bytes = new byte[n];
                        buffer.read(bytes);
                        return parser.feed(bytes, 0, n);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                }, 1)
                .concatWith(Flux.defer(() -> Flux.fromIterable(parser.finish())));
        return engine.begin(id, owner, properties.chunkSize())
                .thenMany(parsed.concatMap(entries -> engine.addChunk(id, chunks.getAndIncrement(), entries), 1))
                .then(Mono.defer(() -> engine.commit(id, owner, parser.total(), chunks.get(), idempotencyKey)))
                .onErrorResume(failure -> engine.discard(id)
                        .onErrorResume(e -> Mono.empty())
                        .then(Mono.error(failure)))
                .flatMap(holder -> engine.snapshot(holder).flatMap(job -> Mono.deferContextual(context -> {
                    if (holder.equals(id)) {
                        metrics.submitted(job.total());
                        request.exchange().getAttributes().put(AuditCounts.ATTRIBUTE, AuditCounts.submitted(job.total()));
                        try (var mdc = RequestMdc.restore(context)) {
                            log.info("job submitted: id={} entries={} chunks={} engine={}", id, job.total(),
                                    job.chunks(), engine.kind());
                        }
                        return status(HttpStatus.ACCEPTED, job);
                    }
                    return status(HttpStatus.OK, job); // the same client and key won meanwhile: that job it is
                })));
    }

    public Mono<ServerResponse> status(ServerRequest request) {
        return owned(request)
                .flatMap(job -> status(HttpStatus.OK, job))
                .switchIfEmpty(Mono.defer(this::notFound))
                .onErrorResume(failure -> problems.failure(visible(failure), null));
    }

    public Mono<ServerResponse> cancel(ServerRequest request) {
        return owned(request)
                .flatMap(job -> engine.cancel(job.id()))
                .flatMap(job -> Mono.deferContextual(context -> {
                    try (var mdc = RequestMdc.restore(context)) {
                        log.info("job cancelled: id={} state={}", job.id(), job.state());
                    }
                    return status(HttpStatus.ACCEPTED, job);
                }))
                .switchIfEmpty(Mono.defer(this::notFound))
                .onErrorResume(failure -> problems.failure(visible(failure), null));
    }

    public Mono<ServerResponse> results(ServerRequest request) {
        int from;
        try {
            from = from(request);
        } catch (GatewayProblemException e) {
            return problems.failure(e, null);
        }
        return owned(request)
                .flatMap(job -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_NDJSON)
                        .body(BodyInserters.fromDataBuffers(lines(job, from))))
                .switchIfEmpty(Mono.defer(this::notFound))
                .onErrorResume(failure -> problems.failure(visible(failure), null));
    }

    /**
     * From index {@code from}: the lines of stored chunks one after another while they follow each other, then, once
     * the job has ended, the summary line: after every line of a DONE job, after the readable prefix of a CANCELLED or
     * FAILED one (whose {@code results} says how far it goes), so that a reader knows nothing more will come. One
     * chunk's lines in memory at a time.
     */
    private Flux<DataBuffer> lines(JobSnapshot job, int from) {
        int first = Math.min(job.chunks(), from / job.chunkSize());
        int skip = from - first * job.chunkSize();
        AtomicInteger next = new AtomicInteger(first);
        Flux<DataBuffer> chunks = Flux.range(first, job.chunks() - first)
                .concatMap(chunk -> engine.results(job.id(), chunk)
                        .map(lines -> {
                            next.incrementAndGet();
                            return chunk == first && skip > 0 ? skipLines(lines, skip) : lines;
                        })
                        .defaultIfEmpty(MISSING), 1)
                .takeWhile(lines -> lines != MISSING)
                .filter(lines -> lines.length > 0)
                .map(BUFFERS::wrap);
        Flux<DataBuffer> summary = Flux.defer(() -> {
            boolean whole = next.get() == job.chunks();
            boolean ended = job.state() == JobState.DONE ? whole : job.state().ended();
            // where this read found the readable results to end: never before `from`, whose chunk may be missing
            int end = Math.min(job.total(), Math.max(from, next.get() * job.chunkSize()));
            return ended ? Flux.just(BUFFERS.wrap(summary(job, end))) : Flux.<DataBuffer>empty();
        });
        return chunks.concatWith(summary);
    }

    /**
     * @param results the index the readable results end at (read from the start: how many the job holds in order,
     *                all of them once DONE)
     */
    private byte[] summary(JobSnapshot job, int results) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("total", job.total());
        fields.put("cards", job.cards());
        fields.put("cacheHits", job.cacheHits());
        fields.put("upstreamCalls", job.upstreamCalls());
        fields.put("stale", job.stale());
        fields.put("errors", new java.util.TreeMap<>(job.errors()));
        long elapsed = job.finishedAt() == null ? 0
                : java.time.Duration.between(job.createdAt(), job.finishedAt()).toMillis();
        fields.put("elapsedMs", elapsed);
        fields.put("state", job.state());
        fields.put("results", results);
        byte[] body = json.writeValueAsBytes(Map.of("summary", fields));
        byte[] line = java.util.Arrays.copyOf(body, body.length + 1);
        line[body.length] = '\n';
        return line;
    }

    /** The lines after the first {@code skip}. */
    static byte[] skipLines(byte[] lines, int skip) {
        int at = 0;
        for (int skipped = 0; skipped < skip && at < lines.length; at++) {
            if (lines[at] == '\n') {
                skipped++;
            }
        }
        return java.util.Arrays.copyOfRange(lines, at, lines.length);
    }

    private Mono<JobSnapshot> owned(ServerRequest request) {
        String id = request.pathVariable("id");
        if (!JobIds.wellFormed(id)) {
            return Mono.empty();
        }
        String owner = owner(request);
        return engine.snapshot(id).filter(job -> owner.equals(job.owner()));
    }

    private Mono<ServerResponse> status(HttpStatus status, JobSnapshot job) {
        return ServerResponse.status(status)
                .location(URI.create(JOBS_PATH + "/" + job.id()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(JobStatus.of(job, clock.instant())));
    }

    private Mono<ServerResponse> notFound() {
        return problems.gateway(KonaCode.JOB_NOT_FOUND, "No job with this id.", null);
    }

    private static String owner(ServerRequest request) {
        String client = AuthenticatedClient.of(request.exchange());
        return client == null ? AuthenticatedClient.ANONYMOUS : client;
    }

    private static JobInputParser.Format format(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_JSON);
        if (MediaType.APPLICATION_NDJSON.isCompatibleWith(type)) {
            return JobInputParser.Format.NDJSON;
        }
        if (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"))) {
            return JobInputParser.Format.JSON;
        }
        throw new GatewayProblemException(KonaCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json or application/x-ndjson.");
    }

    private static int from(ServerRequest request) {
        List<String> values = request.queryParams().get("from");
        if (values == null || values.isEmpty()) {
            return 0;
        }
        try {
            int from = Integer.parseInt(values.get(0));
            if (from >= 0 && values.size() == 1) {
                return from;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new GatewayProblemException(KonaCode.INVALID_INPUT, "from must be one index, 0 or more.");
    }

    private static GatewayProblemException tooLarge(long maxBody) {
        return new GatewayProblemException(KonaCode.PAYLOAD_TOO_LARGE,
                "Request body exceeds the limit of " + maxBody + " bytes.");
    }

    /** A job store failure is the caller's 503, not an unexplained 500. */
    private static Throwable visible(Throwable failure) {
        if (failure instanceof GatewayProblemException) {
            return failure;
        }
        if (failure instanceof java.util.concurrent.TimeoutException
                || failure instanceof io.lettuce.core.RedisException
                || failure instanceof konagw.gateway.cache.RedisConnectionGate.RedisNotConnectedException
                || failure instanceof org.springframework.dao.DataAccessException) {
            log.warn("job store unavailable: {}", failure.toString());
            return new GatewayProblemException(KonaCode.UPSTREAM_UNAVAILABLE, "The job store is unavailable.");
        }
        return failure;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
