package konagw.gateway.passthrough;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a passthrough body once, within {@code konagw.limits.max-body}, and puts the bytes that go upstream
 * back on the request. The body is held as one array: the upstream token is an HMAC over all of it and the
 * JWE encrypts all of it, so it cannot stream; it is not copied again on the way out (the buffer wraps it).
 */
final class PassthroughBodies {

    static final byte[] EMPTY = new byte[0];

    private final int maxBytes;

    PassthroughBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /**
     * The caller's JSON body; 413 past the limit, 415 for a declared non-JSON type, 400 {@code 000_002} for a
     * body that is not well-formed JSON (an empty body passes: some APIs take none).
     */
    Mono<byte[]> readJson(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        MediaType type = request.getHeaders().getContentType();
        if (type != null && !isJson(type)) {
            return Mono.error(new GatewayProblemException(KonaCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json."));
        }
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(tooLarge(null));
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(PassthroughBodies::drain)
                .defaultIfEmpty(EMPTY)
                .onErrorMap(DataBufferLimitException.class, this::tooLarge)
                .handle((body, sink) -> {
                    if (body.length == 0 || JsonSyntax.wellFormed(body)) {
                        sink.next(body);
                    } else {
                        sink.error(new GatewayProblemException(KonaCode.INVALID_INPUT,
                                "The request body is not well-formed JSON."));
                    }
                });
    }

    private GatewayProblemException tooLarge(Throwable cause) {
        return new GatewayProblemException(KonaCode.PAYLOAD_TOO_LARGE,
                "Request body exceeds the limit of " + maxBytes + " bytes.");
    }

    /** The request as it goes upstream: this body, its length and content type; other headers unchanged. */
    static ServerWebExchange withBody(ServerWebExchange exchange, byte[] body, String contentType) {
        exchange.getAttributes().put(PassthroughAttributes.UPSTREAM_BODY, body);
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(exchange.getRequest().getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.length);
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        ServerHttpRequest decorated = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return exchange.mutate().request(decorated).build();
    }

    static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    }

    static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
