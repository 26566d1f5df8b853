package konagw.gateway.audit;

import java.time.Instant;

/**
 * One audit record: who ({@code clientId}) did what ({@code api}) to which card ({@code card}, masked) when, how it
 * was answered ({@code source}, {@code resultCode}, {@code status}) and how long it took. Fields that do not
 * apply are null (a passthrough call has no card; a request refused before any lookup has no source).
 *
 * @param time           when the request arrived (UTC)
 * @param clientId       the authenticated caller, null when authentication is off or refused the caller
 * @param api            {@code inquiry}, {@code evict}, {@code inquiry/batch}, {@code jobs}, {@code jobs/results},
 *                       {@code jobs/cancel}, {@code jobs/lookup} (a card a job looked up) or {@code passthrough}
 * @param path           the request path (the facade keeps card numbers in bodies; digit runs of a card number's
 *                       length in a passthrough path are masked as in the logs)
 * @param card           the card looked up, masked (first 6, last 4); null when the body held no valid one
 * @param correlationId  the vendor's X-KM-Correlation-Id of the answer, when one was issued
 * @param requestId      the correlation id of the request's log lines
 * @param source         {@code CACHE}, {@code UPSTREAM} or {@code STALE}
 * @param resultCode     {@code 000_000} for a success, else the answer's problem code (vendor or gateway)
 * @param status         the HTTP status answered, 0 when the caller went away first
 * @param latencyMs      from arrival to the end of the answer
 * @param job            the batch job submitted, read or cancelled ({@code jobs} APIs), else null
 * @param counts         what a batch or job submission covered, else null
 */
public record AuditEvent(Instant time, String clientId, String api, String path, String card, String correlationId,
                         String requestId, String source, String resultCode, int status, long latencyMs, String job,
                         AuditCounts counts) {
}
