package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.resource.Transports;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import reactor.netty.resources.LoopResources;

/** Real Reactor Netty loop resources: Lettuce is lent the server's loops only when its channels can run there. */
class SharedEventLoopsTest {

    final LoopResources server = LoopResources.create("shared-loops-test", 1, true);

    @AfterEach
    void dispose() {
        server.dispose();
    }

    @Test
    void nativeServerLoopsAreLentToLettucesNativeChannels() {
        assertThat(Epoll.isAvailable()).as("this machine runs the epoll transport").isTrue();
        assertThat(Transports.socketChannelClass()).isEqualTo(EpollSocketChannel.class);
        assertThat(SharedEventLoops.of(server, true, EpollSocketChannel.class)).get()
                .extracting(SharedEventLoops::threadPoolSize).isEqualTo(1);
    }

    /** Why the transports must match: Lettuce would never connect. */
    @Test
    void anEpollChannelCannotRegisterOnNioLoops() {
        EpollSocketChannel channel = new EpollSocketChannel();
        try {
            assertThat(server.onServer(false).register(channel).awaitUninterruptibly().isSuccess()).isFalse();
        } finally {
            channel.unsafe().closeForcibly();
        }
    }

    @Test
    void nioServerLoopsAreNotLentToEpollChannels() {
        assertThat(SharedEventLoops.of(server, false, EpollSocketChannel.class)).isEmpty();
        assertThat(SharedEventLoops.of(server, false, NioSocketChannel.class)).isPresent();
    }

    @Test
    void lettuceShutsNothingDownThatItBorrowed() {
        SharedEventLoops lent = SharedEventLoops.of(server, true, EpollSocketChannel.class).orElseThrow();
        assertThat(lent.shutdown(0, 0, TimeUnit.SECONDS).getNow()).isTrue();
        assertThat(server.onServer(true).isShuttingDown()).isFalse();
    }
}
