package konagw.gateway.callbacks;

import java.io.ByteArrayOutputStream;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** A request body read whole, refused as soon as it grows past {@code konagw.limits.max-body}. */
final class BoundedBody {

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

    private BoundedBody(int limit) {
        this.limit = limit;
    }

    static Mono<byte[]> read(HttpServerRequest request, int limit) {
        String declared = request.requestHeaders().get("Content-Length");
        if (declared != null && tooLong(declared, limit)) {
            return Mono.error(tooLarge(limit));
        }
        return request.receive()
                .reduceWith(() -> new BoundedBody(limit), BoundedBody::add)
                .map(body -> body.bytes.toByteArray())
                .defaultIfEmpty(new byte[0]);
    }

    /** Copies the chunk (Reactor Netty releases it after this call). */
    private BoundedBody add(ByteBuf chunk) {
        if (bytes.size() + chunk.readableBytes() > limit) {
            throw tooLarge(limit);
        }
        byte[] copy = new byte[chunk.readableBytes()];
        chunk.getBytes(chunk.readerIndex(), copy);
        bytes.writeBytes(copy);
        return this;
    }

    private static boolean tooLong(String declared, int limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Netty refuses a malformed length itself
        }
    }

    private static CallbackRejected tooLarge(int limit) {
        return new CallbackRejected("body_too_large", "body: larger than konagw.limits.max-body (" + limit + " bytes)");
    }
}
