package konagw.gateway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the sandbox that behaves like a load balancer with an idle timeout: a connection idle for
 * longer than the timeout is forgotten without telling the client (no FIN), and the client's next bytes on it are
 * answered with a reset — what a gateway meets when it reuses a pooled connection the vendor's LB has dropped. Idle
 * time counts from the last byte of a link that has carried an answer.
 */
final class IdleDroppingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long idleTimeoutMillis;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-reaper");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();

    IdleDroppingRelay(int upstreamPort, long idleTimeoutMillis) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.idleTimeoutMillis = idleTimeoutMillis;
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        long period = Math.max(10, idleTimeoutMillis / 10);
        reaper.scheduleAtFixedRate(this::dropIdle, period, period, TimeUnit.MILLISECONDS);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections the gateway opened through the relay. */
    int accepted() {
        return accepted.get();
    }

    /** Connections the relay dropped silently for idling too long. */
    int dropped() {
        return dropped.get();
    }

    /** Dropped connections the client used again, and was reset on. */
    int resets() {
        return resets.get();
    }

    /** Connections the client itself closed (e.g. its pool evicted them as idle). */
    int closedByClient() {
        return closedByClient.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket vendor = new Socket();
                vendor.connect(upstream, 2000);
                accepted.incrementAndGet();
                Link link = new Link(client, vendor);
                links.add(link);
                pump(link, client, vendor, true);
                pump(link, vendor, client, false);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("relay accept failed", e);
                }
            }
        }
    }

    private void pump(Link link, Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                // not closed here: closing a socket's stream closes the socket, and a dropped link keeps the
                // client's side open (Link.close decides)
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromClient && link.dropped) {
                        resets.incrementAndGet();
                        link.reset();
                        return;
                    }
                    link.touch();
                    if (!fromClient) {
                        link.answered = true;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                if (fromClient && !link.dropped) {
                    closedByClient.incrementAndGet();
                }
            } catch (IOException e) {
                // one side went away: the other follows
            } finally {
                link.close();
            }
        }, "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void dropIdle() {
        long now = System.nanoTime();
        for (Link link : links) {
            // only a link that has carried an answer idles: a cold gateway's first request may take a while to come
            if (link.answered && !link.dropped && !link.closed && now - link.lastActivity > TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis)) {
                link.dropped = true;
                dropped.incrementAndGet();
                link.closeVendorSide();
            }
        }
    }

    @Override
    public void close() throws IOException {
        reaper.shutdownNow();
        server.close();
        links.forEach(Link::close);
    }

    private final class Link {

        final Socket client;
        final Socket vendor;
        volatile long lastActivity = System.nanoTime();
        volatile boolean answered;
        volatile boolean dropped;
        volatile boolean closed;

        Link(Socket client, Socket vendor) {
            this.client = client;
            this.vendor = vendor;
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        /** The LB forgets the flow: the vendor's side goes, the client is told nothing. */
        void closeVendorSide() {
            try {
                vendor.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        void reset() {
            try {
                client.setSoLinger(true, 0); // close with RST, as a LB answers a flow it no longer knows
                client.close();
            } catch (SocketException ignored) {
                // already gone
            } catch (IOException ignored) {
                // closing
            }
            close();
        }

        void close() {
            if (dropped && !closed && !client.isClosed() && vendorClosedOnly()) {
                return; // a dropped link keeps the client side open until the client speaks again
            }
            closed = true;
            links.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                vendor.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        private boolean vendorClosedOnly() {
            return vendor.isClosed();
        }
    }
}
