package konagw.core.client;

/** An exchange produced no usable answer. Messages never contain card or account numbers. */
public abstract sealed class KonaplateException extends RuntimeException
        permits UpstreamTransportException, UpstreamUnusableException {

    private final String correlationId;

    KonaplateException(String message, String correlationId, Throwable cause) {
        super(message + " [correlationId=" + correlationId + "]", cause);
        this.correlationId = correlationId;
    }

    public String correlationId() {
        return correlationId;
    }
}
