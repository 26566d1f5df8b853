package konagw.gateway.callbacks;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The callback listener: a Reactor Netty server of its own on {@code konagw.callbacks.port}, whose one handler
 * serves the callback routes and nothing else (the facade, batch, jobs and actuator live on other servers), so an
 * Ingress can expose this port alone. Starts after the rest of the context, stops first.
 */
public final class CallbackServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);

    private final String host;
    private final int port;
    private final LoopResources loops;
    private final CallbackHandler handler;
    private final ConnectionProvider forwardConnections;
    private volatile DisposableServer server;

    /** @param forwardConnections the pool towards the internal services, closed with the listener */
    CallbackServer(String host, int port, LoopResources loops, CallbackHandler handler,
            ConnectionProvider forwardConnections) {
        this.forwardConnections = forwardConnections;
        this.host = host;
        this.port = port;
        this.loops = loops;
        this.handler = handler;
    }

    @Override
    public void start() {
        server = HttpServer.create().host(host).port(port).runOn(loops).handle(handler).bindNow(Duration.ofSeconds(10));
        log.info("callback listener on {}:{}", host, server.port());
    }

    @Override
    public void stop() {
        DisposableServer current = server;
        server = null;
        if (current != null) {
            current.disposeNow(Duration.ofSeconds(10));
        }
        forwardConnections.disposeLater().subscribe();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (useful with port 0); -1 while stopped. */
    public int port() {
        DisposableServer current = server;
        return current == null ? -1 : current.port();
    }
}
