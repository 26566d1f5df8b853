package konagw.gateway.hygiene;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import konagw.core.protocol.KonaCode;
import konagw.gateway.auth.CallerAuthenticationWebFilter;
import konagw.gateway.passthrough.ExchangeProblems;
import reactor.core.publisher.Mono;

/**
 * Serves every request under its normalized path ({@link RequestPaths}) and refuses, with 400 {@code 000_002},
 * a path that would leave {@code /api/} or that no normalization makes safe — before any handler mapping, so the
 * passthrough routes only ever forward a normalized path under {@code /api/}, and the facade's own routes see the
 * path the vendor would. The path is not echoed in the answer.
 */
final class PathNormalizationWebFilter implements WebFilter, Ordered {

    /** After authentication (an unauthenticated caller learns nothing else), before anything reads the path. */
    static final int ORDER = CallerAuthenticationWebFilter.ORDER + 2;

    private final ExchangeProblems problems;

    PathNormalizationWebFilter(ExchangeProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getPath().value();
        if (!RequestPaths.needsAttention(raw)) {
            return chain.filter(exchange);
        }
        RequestPaths.Verdict verdict = RequestPaths.check(raw);
        if (verdict.refused()) {
            return problems.write(exchange, KonaCode.INVALID_INPUT, verdict.refusal(), null, null);
        }
        if (verdict.path().equals(raw)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(r -> r.path(verdict.path())).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
