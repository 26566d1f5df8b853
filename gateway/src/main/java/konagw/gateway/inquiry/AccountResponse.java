package konagw.gateway.inquiry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;

/**
 * A found account's 200 answer, its JSON already written, set straight onto the exchange's response: the builder's
 * {@code ServerResponse} would gather the headers in a map of its own and copy them over when written, once per
 * answer on the cache-hit path.
 */
final class AccountResponse implements ServerResponse {

    /** Shared by every answer, so read-only. */
    private static final MultiValueMap<String, ResponseCookie> NO_COOKIES =
            CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>(0));

    private final String cache;
    private final String correlationId;
    private final byte[] body;

    AccountResponse(String cache, String correlationId, byte[] body) {
        this.cache = cache;
        this.correlationId = correlationId;
        this.body = body;
    }

    @Override
    public HttpStatusCode statusCode() {
        return HttpStatus.OK;
    }

    /** What {@link #writeTo} sets, for whoever asks before the answer is written. */
    @Override
    public HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        set(headers);
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }

    @Override
    public MultiValueMap<String, ResponseCookie> cookies() {
        return NO_COOKIES;
    }

    @Override
    public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        set(response.getHeaders());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private void set(HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        headers.set(InquiryHandler.CACHE_HEADER, cache);
        if (correlationId != null) {
            headers.set(KmHeaders.CORRELATION_ID, correlationId);
        }
    }
}
