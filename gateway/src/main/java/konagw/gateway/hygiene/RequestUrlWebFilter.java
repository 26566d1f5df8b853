package konagw.gateway.hygiene;

import java.util.Set;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import konagw.core.protocol.KonaCode;
import konagw.gateway.auth.CallerAuthenticationWebFilter;
import konagw.gateway.batch.BatchHandler;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * What a request's URL may carry, checked once for every route before any handler mapping, body read or upstream
 * call; a refusal is 400 {@code 000_002} and echoes neither path nor query.
 * <ul>
 * <li>The path is served normalized ({@link RequestPaths}): the passthrough routes only ever forward a normalized
 * path under {@code /api/}, and the facade's own routes see the path the vendor would.</li>
 * <li>No query string on the paths that take card numbers (the facade's inquiry and eviction, the batch, the job
 * submission): a card number in a URL reaches access logs and trace attributes, so these take it in the body only.
 * Checked on the normalized path, so a dot segment cannot hide one of them.</li>
 * </ul>
 */
final class RequestUrlWebFilter implements WebFilter, Ordered {

    /** Submitting an asynchronous batch job ({@code POST}); its results are read elsewhere, with {@code from}. */
    static final String JOB_SUBMIT_PATH = InquiryHandler.INQUIRY_PATH + "/jobs";
    static final Set<String> CARD_PATHS = Set.of(InquiryHandler.INQUIRY_PATH, InquiryHandler.EVICT_PATH,
            BatchHandler.BATCH_PATH, JOB_SUBMIT_PATH);
    /** After authentication (an unauthenticated caller learns nothing else), before anything reads the path. */
    static final int ORDER = CallerAuthenticationWebFilter.ORDER + 2;

    private final ProblemWriter problems;

    RequestUrlWebFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getPath().value();
        String path = raw;
        if (RequestPaths.needsAttention(raw)) {
            RequestPaths.Verdict verdict = RequestPaths.check(raw);
            if (verdict.refused()) {
                return problems.write(exchange, KonaCode.INVALID_INPUT, verdict.refusal(), null, null);
            }
            path = verdict.path();
        }
        if (exchange.getRequest().getURI().getRawQuery() != null && takesCards(path)) {
            return problems.write(exchange, KonaCode.INVALID_INPUT,
                    "A query string is not accepted here: card numbers travel in the body, never in a URL.", null,
                    null);
        }
        if (path.equals(raw)) {
            return chain.filter(exchange);
        }
        String normalized = path;
        return chain.filter(exchange.mutate().request(r -> r.path(normalized)).build());
    }

    /** One of the paths, with or without a trailing slash (which would send it to the passthrough). */
    static boolean takesCards(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return CARD_PATHS.contains(trimmed);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
