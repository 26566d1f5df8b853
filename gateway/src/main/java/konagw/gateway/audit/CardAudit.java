package konagw.gateway.audit;

import java.time.Clock;

import org.springframework.web.server.ServerWebExchange;

import konagw.gateway.auth.AuthenticatedClient;
import konagw.gateway.logging.RequestLoggingWebFilter;

/**
 * One audit event per card a batch looked up ({@code konagw.audit.per-card-batch=true}), next to the batch's own
 * event: the card masked, where its answer came from and its result, under the batch's caller and request id.
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
}
