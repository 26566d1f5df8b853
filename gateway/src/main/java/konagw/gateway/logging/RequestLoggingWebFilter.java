package konagw.gateway.logging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Gives each request its correlation id for the logs — the caller's {@value #HEADER} when it is a plain token
 * (1-64 of {@code A-Z a-z 0-9 . _ : -}), otherwise a new random one — and puts it, with the client id, in the
 * Reactor Context that {@link RequestMdc} restores into the MDC. First of the filters, so that the
 * authentication filter's own lines carry it too. Not the vendor's {@code X-KM-Correlation-Id}, which is one
 * per upstream exchange and appears in the lines about that exchange.
 */
public final class RequestLoggingWebFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Correlation-Id";
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;
    /** The exchange attribute holding the request's correlation id (the audit trail records it). */
    public static final String ATTRIBUTE = "konagw.log.correlationId";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String correlationId = correlationIdOf(exchange.getRequest().getHeaders().getFirst(HEADER));
        exchange.getAttributes().put(ATTRIBUTE, correlationId);
        RequestLogContext context = new RequestLogContext(correlationId, exchange.getAttributes());
        return chain.filter(exchange).contextWrite(c -> c.put(RequestMdc.KEY, context));
    }

    static String correlationIdOf(String header) {
        if (header != null && TOKEN.matcher(header).matches()) {
            return header;
        }
        // log correlation only: unique enough, and no SecureRandom on the event loop
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
