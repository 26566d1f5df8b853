package konagw.core.client;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import reactor.netty.channel.AbortedException;

/** Classifies what Reactor Netty signals into the client's transport failure kinds. */
final class TransportFailures {

    private static final String POOL_PACKAGE = "reactor.netty.internal.shaded.reactor.pool.";

    private TransportFailures() {
    }

    static Throwable classify(Throwable error, String correlationId) {
        if (error instanceof KonaplateException) {
            return error;
        }
        if (error instanceof ReadTimeoutException) {
            return new UpstreamTransportException(UpstreamTransportException.Kind.TIMEOUT, 0,
                    "no response within the response timeout", correlationId, error);
        }
        // io.netty.channel.ConnectTimeoutException is a ConnectException too: the host never accepted us.
        if (error instanceof ConnectException || error instanceof UnknownHostException
                || error instanceof NoRouteToHostException || error.getClass().getName().startsWith(POOL_PACKAGE)) {
            return new UpstreamTransportException(UpstreamTransportException.Kind.CONNECT, 0,
                    "cannot connect to the vendor (" + error.getClass().getSimpleName() + ")", correlationId, error);
        }
        if (error instanceof IOException || error instanceof AbortedException
                || error instanceof DecoderException) {
            return new UpstreamTransportException(UpstreamTransportException.Kind.IO, 0,
                    "connection failed during the exchange (" + error.getClass().getSimpleName() + ")", correlationId,
                    error);
        }
        return error;
    }
}
