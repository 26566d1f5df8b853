package konagw.gateway.inquiry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
import reactor.core.publisher.Mono;

/**
 * Reads a JSON request body within {@code konagw.limits.max-body}: a declared length over the limit is
 * refused before reading, a streamed one as soon as it passes the limit; a non-JSON content type is
 * refused before reading at all.
 */
public final class RequestBodies {

    private final int maxBytes;

    public RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Mono<byte[]> readJson(ServerRequest request) {
        MediaType contentType = request.headers().contentType().orElse(null);
        if (contentType != null && !isJson(contentType)) {
            return Mono.error(new GatewayProblemException(KonaCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json."));
        }
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .map(RequestBodies::drain)
                .defaultIfEmpty(new byte[0]);
    }

    public int maxBytes() {
        return maxBytes;
    }

    private GatewayProblemException tooLarge() {
        return new GatewayProblemException(KonaCode.PAYLOAD_TOO_LARGE,
                "Request body exceeds the limit of " + maxBytes + " bytes.");
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
