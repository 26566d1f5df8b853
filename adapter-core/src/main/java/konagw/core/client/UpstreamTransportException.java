package konagw.core.client;

/** The vendor could not be reached or failed on its side (5xx): the caller may retry or open a breaker. */
public final class UpstreamTransportException extends KonaplateException {

    public enum Kind {
        /** Connection refused, unresolvable host, connect timeout, no pooled connection available. */
        CONNECT,
        /** No response (or no further response bytes) within the response timeout. */
        TIMEOUT,
        /** HTTP 5xx, whatever the body. */
        SERVER_ERROR,
        /** The connection failed mid-exchange (reset, closed early). */
        IO
    }

    private final Kind kind;
    private final int status;

    UpstreamTransportException(Kind kind, int status, String message, String correlationId, Throwable cause) {
        super(message, correlationId, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#SERVER_ERROR}, otherwise 0. */
    public int status() {
        return status;
    }
}
