package konagw.gateway.logging;

import org.slf4j.MDC;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import reactor.util.context.ContextView;

/**
 * The MDC entries {@value #CORRELATION_ID} and {@value #CLIENT_ID}, restored from the Reactor Context
 * ({@link RequestLogContext} under {@link #KEY}) where a request's line is logged. Loaded by the context-propagation
 * library's ServiceLoader (META-INF/services). Reactor runs with {@code spring.reactor.context-propagation=limited}:
 * restoring every registered ThreadLocal on every signal of every request ({@code auto}) cost about as much CPU per
 * cache hit as the rest of the request's own work; instead the few places that log while a request is processed
 * restore them for that line alone ({@link #restore}), and Reactor's {@code handle}/{@code tap} operators do too.
 */
public final class RequestMdc implements ThreadLocalAccessor<RequestLogContext> {

    /**
     * Sets every registered ThreadLocal (this MDC among them) from {@code context} until the scope closes, which puts
     * back what the thread held: {@code try (var mdc = RequestMdc.restore(context)) { log… }}.
     */
    public static ContextSnapshot.Scope restore(ContextView context) {
        return Snapshots.FACTORY.setThreadLocalsFrom(context);
    }

    /** Built on first use: the registry loads this accessor itself (ServiceLoader) while it initializes. */
    private static final class Snapshots {
        static final ContextSnapshotFactory FACTORY = ContextSnapshotFactory.builder()
                .contextRegistry(ContextRegistry.getInstance()).build();
    }

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
