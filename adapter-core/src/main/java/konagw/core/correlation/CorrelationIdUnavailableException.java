package konagw.core.correlation;

/**
 * No correlation id can be issued right now: the instance id was lost to another instance, or every id of the
 * current second is spent (see {@link CorrelationIdGenerator#next}). The request must not go upstream; the gateway
 * answers {@code 900_001} (upstream unavailable, retry later).
 */
public final class CorrelationIdUnavailableException extends RuntimeException {

    CorrelationIdUnavailableException(String message) {
        // thrown for every request while it lasts: the message says it all, a stack trace would only cost
        super(message, null, false, false);
    }
}
