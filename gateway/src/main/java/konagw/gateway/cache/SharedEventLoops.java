package konagw.gateway.cache;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import reactor.netty.resources.LoopResources;

/**
 * Lettuce on the web server's Netty event loops instead of its own.
 * <p>
 * With its own loop, every Redis command is handed from the request's loop to Lettuce's thread and its answer
 * handed back: that thread sleeps and wakes three to four times per cache miss. On the shared loops a command issued
 * on the loop that owns the Redis connection is written in place, and answers are read in the same poll as the HTTP
 * traffic (the gain is measured in bench/RESULTS.md). Lettuce does not block its loops, so sharing them adds no
 * waits; what it does add is that Redis replies and HTTP traffic take turns on one loop. The loops belong to Reactor
 * Netty: Lettuce borrows them and never shuts them down.
 */
final class SharedEventLoops implements EventLoopGroupProvider {

    private final EventLoopGroup loops;
    private final int size;

    /**
     * The server's loops, if Lettuce's channels can run on them: both must have chosen the same transport. With
     * {@code -Dreactor.netty.native=false} the server's loops are NIO while Lettuce still opens epoll channels,
     * which those loops cannot register; Lettuce then keeps loops of its own.
     */
    static Optional<SharedEventLoops> of(LoopResources server, boolean preferNative,
            Class<? extends io.netty.channel.Channel> lettuceChannel) {
        EventLoopGroup loops = server.onServer(preferNative);
        return server.onChannelClass(SocketChannel.class, loops).equals(lettuceChannel)
                ? Optional.of(new SharedEventLoops(loops))
                : Optional.empty();
    }

    SharedEventLoops(EventLoopGroup loops) {
        this.loops = loops;
        int count = 0;
        for (var ignored : loops) {
            count++;
        }
        this.size = count;
    }

    /** The one group, whatever type is asked for: Lettuce only checks that it is an {@link EventLoopGroup}. */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return (T) loops;
    }

    @Override
    public int threadPoolSize() {
        return size;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
