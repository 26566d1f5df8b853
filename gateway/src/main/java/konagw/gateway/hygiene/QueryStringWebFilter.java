package konagw.gateway.hygiene;

import java.util.Set;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import konagw.core.protocol.KonaCode;
import konagw.gateway.batch.BatchHandler;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.passthrough.ExchangeProblems;
import reactor.core.publisher.Mono;

/**
 * Refuses a query string on the paths that take card numbers (the facade's inquiry and eviction, the batch, the
 * job submission) with 400 {@code 000_002}: a card number in a URL reaches access logs and trace attributes, so
 * these paths take it in the body only. Runs before any handler reads the body or anything goes upstream; the
 * query is neither logged nor echoed.
 */
final class QueryStringWebFilter implements WebFilter, Ordered {

    /** Submitting an asynchronous batch job ({@code POST}); its results are read elsewhere, with {@code from}. */
    static final String JOB_SUBMIT_PATH = InquiryHandler.INQUIRY_PATH + "/jobs";
    static final Set<String> PATHS = Set.of(InquiryHandler.INQUIRY_PATH, InquiryHandler.EVICT_PATH,
            BatchHandler.BATCH_PATH, JOB_SUBMIT_PATH);
    /** After the path is normalized, so a dot segment cannot hide one of the paths. */
    static final int ORDER = PathNormalizationWebFilter.ORDER + 1;

    private final ExchangeProblems problems;

    QueryStringWebFilter(ExchangeProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getURI().getRawQuery() == null || !covered(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, KonaCode.INVALID_INPUT,
                "A query string is not accepted here: card numbers travel in the body, never in a URL.", null, null);
    }

    /** One of the paths, with or without a trailing slash (which would send it to the passthrough). */
    static boolean covered(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return PATHS.contains(trimmed);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
