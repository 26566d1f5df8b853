package konagw.gateway.transport;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;

/**
 * A client {@link SslContext} whose delegate can be replaced: both HTTP clients are built once with this one
 * context, and a renewed certificate (an SSL bundle reloaded on update) reaches every connection opened from then
 * on without rebuilding them. Connections already open keep the context they were opened with.
 */
final class SwappableSslContext extends SslContext {

    private volatile SslContext current;

    SwappableSslContext(SslContext initial) {
        this.current = requireClient(initial);
    }

    void swap(SslContext next) {
        this.current = requireClient(next);
    }

    SslContext current() {
        return current;
    }

    private static SslContext requireClient(SslContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.isClient()) {
            throw new IllegalArgumentException("a client SslContext is required");
        }
        return context;
    }

    @Override
    public boolean isClient() {
        return true;
    }

    @Override
    public List<String> cipherSuites() {
        return current.cipherSuites();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return current.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return current.newEngine(alloc);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return current.newEngine(alloc, peerHost, peerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return current.sessionContext();
    }
}
