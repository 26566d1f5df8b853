package konagw.gateway.batch;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.protocol.KmHeaders;
import konagw.gateway.audit.AuditCounts;
import konagw.gateway.audit.CardAudit;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.inquiry.RequestBodies;
import konagw.gateway.problem.ProblemWriter;
import konagw.gateway.tracing.Spans;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/card/virtual-account/inquiry/batch} with {@code {"cardNos":[…]}}: one result per
 * entry, 200 {@code application/json} in input order, or {@code application/x-ndjson} (when the caller
 * accepts it) streamed as the answers come, cache hits first. Only the request as a whole can fail (its
 * shape, its size, its content type), and only before anything is looked up.
 */
public final class BatchHandler {

    public static final String BATCH_PATH = InquiryHandler.INQUIRY_PATH + "/batch";
    /** The span of a batch's lookups (its cache reads and upstream exchanges are its children). */
    public static final String SPAN = "konagw.batch";

    private static final Logger log = LoggerFactory.getLogger(BatchHandler.class);
    private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private final RequestBodies bodies;
    private final BatchRequestReader reader;
    private final BatchLookup lookup;
    private final ProblemWriter problems;
    private final CorrelationIdGenerator correlationIds;
    private final DistributionSummary sizes;
    private final Timer.Builder durations;
    private final MeterRegistry meters;
    private final Duration deadline;
    private final Spans spans;
    private final CardAudit cardAudit;

    /**
     * @param spans     a {@value #SPAN} span per batch around its lookups, when tracing is on
     * @param cardAudit per-card audit events ({@code konagw.audit.per-card-batch}), or {@code null}
     */
    BatchHandler(RequestBodies bodies, BatchRequestReader reader, BatchLookup lookup, ProblemWriter problems,
            CorrelationIdGenerator correlationIds, MeterRegistry meters, Duration deadline, Spans spans,
            CardAudit cardAudit) {
        this.spans = spans;
        this.bodies = bodies;
        this.reader = reader;
        this.lookup = lookup;
        this.problems = problems;
        this.correlationIds = correlationIds;
        this.deadline = deadline;
        this.cardAudit = cardAudit;
        this.meters = meters;
        this.sizes = DistributionSummary.builder("konagw.batch.size")
                .description("entries per batch request")
                .baseUnit("cards")
                .register(meters);
        this.durations = Timer.builder("konagw.batch.requests")
                .description("batch requests from the first byte read to the summary written");
    }

    public Mono<ServerResponse> lookUp(ServerRequest request) {
        long start = System.nanoTime();
        String correlationId = correlationIds.nextOrNull();
        boolean ndjson = wantsNdjson(request);
        return bodies.readJson(request)
                .map(reader::read)
                .flatMap(plan -> respond(plan, ndjson, start, correlationId, request.exchange()))
                .onErrorResume(failure -> problems.failure(failure, correlationId));
    }

    private Mono<ServerResponse> respond(BatchPlan plan, boolean ndjson, long start, String correlationId,
            ServerWebExchange exchange) {
        sizes.record(plan.size());
        BatchResultWriter writer = BatchResultWriter.of(plan, ndjson, start);
        Flux<ByteBuffer> body = Flux.concat(
                Mono.fromSupplier(writer::open),
                audited(traced(lookup.lookUp(plan, deadline.minusNanos(System.nanoTime() - start)), plan, correlationId),
                        plan, exchange)
                        .handle((group, sink) -> {
                    ByteBuffer bytes = writer.write(group);
                    if (bytes != null) {
                        sink.next(bytes);
                    }
                }),
                Mono.fromSupplier(() -> {
                    ByteBuffer end = writer.close();
                    long nanos = System.nanoTime() - start;
                    durations.tag("format", ndjson ? "ndjson" : "json").register(meters)
                            .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                    log.debug("batch done: correlationId={} total={} cards={} cacheHits={} upstreamCalls={} errors={} ms={}",
                            correlationId, plan.size(), plan.uniqueCount(), writer.cacheHits(), writer.upstreamCalls(),
                            writer.errors(), nanos / 1_000_000);
                    exchange.getAttributes().put(AuditCounts.ATTRIBUTE, new AuditCounts(plan.size(), plan.uniqueCount(),
                            writer.cacheHits(), writer.upstreamCalls(), writer.stale(),
                            writer.errors().values().stream().mapToInt(Integer::intValue).sum()));
                    return end;
                }));
        Flux<DataBuffer> buffers = body.filter(ByteBuffer::hasRemaining).map(BUFFERS::wrap);
        return ServerResponse.ok()
                .contentType(ndjson ? MediaType.APPLICATION_NDJSON : MediaType.APPLICATION_JSON)
                .header(KmHeaders.CORRELATION_ID, correlationId)
                .body(BodyInserters.fromDataBuffers(buffers));
    }

    /** The batch's lookups under a {@value #SPAN} span: entries, unique cards, the batch's correlation id. */
    private <T> Flux<T> traced(Flux<T> lookups, BatchPlan plan, String correlationId) {
        if (!spans.active()) {
            return lookups;
        }
        KeyValues details = KeyValues.of("konagw.batch.size", Integer.toString(plan.size()), "konagw.batch.cards",
                Integer.toString(plan.uniqueCount()));
        return spans.around(lookups, SPAN, KeyValues.empty(),
                correlationId == null ? details : details.and("konagw.correlation_id", correlationId));
    }

    /** NDJSON when the caller names it (not through a wildcard) and prefers it at least as much as JSON. */
    static boolean wantsNdjson(ServerRequest request) {
        List<MediaType> accepted;
        try {
            accepted = request.headers().accept();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        double ndjson = 0;
        double json = 0;
        for (MediaType type : accepted) {
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                continue;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_NDJSON)) {
                ndjson = Math.max(ndjson, type.getQualityValue());
            } else if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                json = Math.max(json, type.getQualityValue());
            }
        }
        return ndjson > 0 && ndjson >= json;
    }

    private Flux<List<Resolved>> audited(Flux<List<Resolved>> groups, BatchPlan plan, ServerWebExchange exchange) {
        if (cardAudit == null) {
            return groups;
        }
        return groups.doOnNext(group -> {
            for (Resolved resolved : group) {
                cardAudit.record(exchange, "inquiry/batch", plan.card(resolved.unique()).masked(),
                        resolved.source(), resolved.resultCode(), resolved.correlationId());
            }
        });
    }
}
