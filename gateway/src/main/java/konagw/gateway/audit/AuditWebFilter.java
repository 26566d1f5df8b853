package konagw.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import konagw.core.card.CardNumber;
import konagw.core.protocol.KonaCode;
import konagw.gateway.auth.AuthenticatedClient;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.logging.RequestLoggingWebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link AuditEvent} per POST under {@code /api/} — facade lookups and evictions, batches, job submissions,
 * passthrough calls — and per read of a job's results or cancellation, once its answer has been written (or the
 * caller went away). Sits in front of the handlers and routes and reads
 * only what passes by: the card from the facade's small request body (a copy of its bytes, bounded), the source
 * from {@code X-Cache}, the vendor correlation id from {@code X-KM-Correlation-Id}, and the result code from an
 * error answer's problem body. Runs before authentication, so refused callers are recorded too.
 */
public final class AuditWebFilter implements WebFilter, Ordered {

    public static final int ORDER = RequestLoggingWebFilter.ORDER + 10;
    /** Facade bodies are a card number in JSON; anything longer is not read for the audit. */
    static final int MAX_CAPTURE = 4096;
    static final String BATCH_PATH = InquiryHandler.INQUIRY_PATH + "/batch";
    static final String JOBS_PATH = InquiryHandler.INQUIRY_PATH + "/jobs";
    /** The exchange attribute holding the request's arrival ({@link System#nanoTime}), for per-card events. */
    static final String ARRIVAL_ATTRIBUTE = AuditWebFilter.class.getName() + ".arrival";
    private static final String JOBS_PREFIX = JOBS_PATH + "/";
    private static final String RESULTS_SUFFIX = "/results";

    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;

    public AuditWebFilter(AuditLog audit, Clock clock, JsonMapper json) {
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        String api = apiOf(request.getMethod(), path);
        if (api == null) {
            return chain.filter(exchange);
        }
        Instant time = clock.instant();
        long start = System.nanoTime();
        exchange.getAttributes().put(ARRIVAL_ATTRIBUTE, start);
        Capture problem = new Capture();
        ServerWebExchange audited = exchange.mutate()
                .response(new ProblemCapturingResponse(exchange.getResponse(), problem))
                .build();
        return chain.filter(audited).doFinally(signal -> audit.record(event(exchange, time, start, api, path,
                problem)));
    }

    private AuditEvent event(ServerWebExchange exchange, Instant time, long start, String api, String path,
            Capture problem) {
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode status = response.getStatusCode();
        int code = status == null ? 0 : status.value();
        String cache = response.getHeaders().getFirst("X-Cache");
        String correlationId = response.getHeaders().getFirst("X-KM-Correlation-Id");
        String source = cache != null ? switch (cache) {
            case "HIT" -> "CACHE";
            case "STALE" -> "STALE";
            default -> "UPSTREAM";
        } : "passthrough".equals(api) && correlationId != null ? "UPSTREAM" : null;
        String resultCode = code >= 200 && code < 300 ? KonaCode.SUCCESS.code() : problem.bytes() != null ? field(problem.bytes(), "code") : null;
        Object client = exchange.getAttribute(AuthenticatedClient.ATTRIBUTE);
        Object requestId = exchange.getAttribute(RequestLoggingWebFilter.ATTRIBUTE);
        // a passthrough path is the caller's: AuditJson masks it like the logs in case one carries a card number
        return new AuditEvent(time, client == null ? null : client.toString(), api, path,
                exchange.getAttribute(InquiryHandler.CARD_ATTRIBUTE) instanceof CardNumber card ? card.masked() : null,
                correlationId,
                requestId == null ? null : requestId.toString(), source, resultCode, code,
                (System.nanoTime() - start) / 1_000_000,
                jobOf(api, path, response.getHeaders().getFirst(HttpHeaders.LOCATION)),
                exchange.getAttribute(AuditCounts.ATTRIBUTE) instanceof AuditCounts counts ? counts : null);
    }

    /**
     * The audited API of a request, or {@code null} for one that touches no cardholder data (a job's status: counts
     * only; anything outside {@code /api/}). A job's results are read with GET: they hold account numbers.
     */
    static String apiOf(HttpMethod method, String path) {
        if (!path.startsWith("/api/")) {
            return null;
        }
        if (path.startsWith(JOBS_PREFIX)) {
            String rest = path.substring(JOBS_PREFIX.length());
            boolean results = rest.endsWith(RESULTS_SUFFIX) && rest.indexOf('/') == rest.length() - RESULTS_SUFFIX.length();
            if (method == HttpMethod.GET && results) {
                return "jobs/results";
            }
            if (method == HttpMethod.DELETE && !rest.isEmpty() && rest.indexOf('/') < 0) {
                return "jobs/cancel";
            }
            return null;
        }
        if (method != HttpMethod.POST) {
            return null;
        }
        if (path.equals(InquiryHandler.INQUIRY_PATH)) {
            return "inquiry";
        }
        if (path.equals(InquiryHandler.EVICT_PATH)) {
            return "evict";
        }
        if (path.equals(BATCH_PATH)) {
            return "inquiry/batch";
        }
        if (path.equals(JOBS_PATH)) {
            return "jobs";
        }
        return "passthrough";
    }

    /** The job a {@code jobs} request named: from its path, or for a submission from its answer's Location. */
    static String jobOf(String api, String path, String location) {
        if (!api.startsWith("jobs")) {
            return null;
        }
        String of = api.equals("jobs") ? location : path;
        if (of == null || !of.startsWith(JOBS_PREFIX)) {
            return null;
        }
        String rest = of.substring(JOBS_PREFIX.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** A top-level string field of a JSON object; null when absent, not a string or not JSON. */
    String field(byte[] body, String name) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String property = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(property)) {
                    return value == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The first {@link #MAX_CAPTURE} bytes of a body; {@code bytes()} null when it was longer or never read. */
    static final class Capture {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        private boolean overflow;

        synchronized void add(DataBuffer buffer) {
            int readable = buffer.readableByteCount();
            if (overflow || out.size() + readable > MAX_CAPTURE) {
                overflow = true;
                return;
            }
            byte[] copy = new byte[readable];
            buffer.toByteBuffer(buffer.readPosition(), java.nio.ByteBuffer.wrap(copy), 0, readable);
            out.write(copy, 0, readable);
        }

        synchronized byte[] bytes() {
            return overflow || out.size() == 0 ? null : out.toByteArray();
        }

        @Override
        public String toString() {
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** Copies the body of a problem answer (4xx/5xx, problem+json) as it is written; other answers pass untouched. */
    private static final class ProblemCapturingResponse extends ServerHttpResponseDecorator {
        private final Capture capture;

        ProblemCapturingResponse(ServerHttpResponse delegate, Capture capture) {
            super(delegate);
            this.capture = capture;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return super.writeWith(isProblem() ? Flux.from(body).doOnNext(capture::add) : body);
        }

        private boolean isProblem() {
            HttpStatusCode status = getStatusCode();
            MediaType type = getHeaders().getContentType();
            return status != null && status.value() >= 400 && type != null
                    && (MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type) || MediaType.APPLICATION_JSON.isCompatibleWith(type));
        }
    }
}
