package konagw.gateway.logging;

import org.slf4j.MDC;

import io.micrometer.context.ThreadLocalAccessor;

/**
 * The MDC entries {@value #CORRELATION_ID} and {@value #CLIENT_ID}, restored from the Reactor Context
 * ({@link RequestLogContext} under {@link #KEY}) on whatever thread processes the request's signals. Loaded by the
 * context-propagation library's ServiceLoader (META-INF/services); Reactor applies it with
 * {@code spring.reactor.context-propagation=auto}.
 */
public final class RequestMdc implements ThreadLocalAccessor<RequestLogContext> {

    public static final String KEY = "konagw.request-log";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CLIENT_ID = "clientId";

    private static final ThreadLocal<RequestLogContext> CURRENT = new ThreadLocal<>();

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public RequestLogContext getValue() {
        return CURRENT.get();
    }

    @Override
    public void setValue(RequestLogContext value) {
        CURRENT.set(value);
        MDC.put(CORRELATION_ID, value.correlationId());
        String clientId = value.clientId();
        if (clientId != null) {
            MDC.put(CLIENT_ID, clientId);
        } else {
            MDC.remove(CLIENT_ID);
        }
    }

    @Override
    public void setValue() {
        CURRENT.remove();
        MDC.remove(CORRELATION_ID);
        MDC.remove(CLIENT_ID);
    }
}
