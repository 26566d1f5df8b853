package konagw.core.client;

import java.io.ByteArrayOutputStream;

/** Accumulates response chunks up to a byte limit; the common single-chunk body is kept without a copy. */
final class BodyCollector {

    private static final byte[] EMPTY = new byte[0];

    private final int limit;
    private final String correlationId;
    private byte[] first;
    private ByteArrayOutputStream more;
    private int size;

    BodyCollector(int limit, String correlationId) {
        this.limit = limit;
        this.correlationId = correlationId;
    }

    void add(byte[] chunk) {
        size += chunk.length;
        if (size > limit || size < 0) {
            throw tooLarge(limit, correlationId);
        }
        if (first == null) {
            first = chunk;
            return;
        }
        if (more == null) {
            more = new ByteArrayOutputStream(Math.max(first.length * 2, 256));
            more.writeBytes(first);
        }
        more.writeBytes(chunk);
    }

    byte[] bytes() {
        return more != null ? more.toByteArray() : first != null ? first : EMPTY;
    }

    static UpstreamUnusableException tooLarge(int limit, String correlationId) {
        return new UpstreamUnusableException(UpstreamUnusableException.Kind.BAD_JSON,
                "response body exceeds " + limit + " bytes", correlationId, null);
    }
}
