package konagw.gateway.audit;

import java.time.Clock;

import org.springframework.web.server.ServerWebExchange;

import konagw.gateway.auth.AuthenticatedClient;
import konagw.gateway.logging.RequestLoggingWebFilter;

/**
 * One audit event per card a batch or a job looked up ({@code konagw.audit.per-card-batch=true}), next to the
 * batch's own event: the card masked, where its answer came from and its result, under the batch's caller and
 * request id — or, for a job, under its submitter and the job's id.
 */
public final class CardAudit {

    private final AuditLog audit;
    private final Clock clock;

    public CardAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param source        {@code CACHE}, {@code UPSTREAM} or {@code STALE}; null when nothing answered (a refusal)
     * @param correlationId the vendor exchange's X-KM-Correlation-Id, when the card went upstream
     */
    public void record(ServerWebExchange exchange, String api, String maskedCard, String source, String resultCode,
            String correlationId) {
        Object client = exchange.getAttribute(AuthenticatedClient.ATTRIBUTE);
        Object requestId = exchange.getAttribute(RequestLoggingWebFilter.ATTRIBUTE);
        Object arrival = exchange.getAttribute(AuditWebFilter.ARRIVAL_ATTRIBUTE);
        long latencyMs = arrival instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : 0;
        audit.record(new AuditEvent(clock.instant(), client == null ? null : client.toString(), api,
                exchange.getRequest().getPath().pathWithinApplication().value(), maskedCard, correlationId,
                requestId == null ? null : requestId.toString(), source, resultCode, 200, latencyMs, null, null));
    }

    /**
     * A card a job's chunk looked up ({@code api} {@code jobs/lookup}): no HTTP exchange answers it (status 0), the
     * result is stored with the job; the latency is the chunk's, from the moment this replica started on it.
     *
     * @param owner         the client that submitted the job
     * @param startedNanos  {@link System#nanoTime()} when the chunk's work began
     */
    public void recordJobLookup(String owner, String jobId, String path, String maskedCard, String source,
            String resultCode, String correlationId, long startedNanos) {
        audit.record(new AuditEvent(clock.instant(), owner, JOB_LOOKUP, path, maskedCard, correlationId, null, source,
                resultCode, 0, (System.nanoTime() - startedNanos) / 1_000_000, jobId, null));
    }

    /** The {@code api} of a card a job looked up. */
    public static final String JOB_LOOKUP = "jobs/lookup";
}
