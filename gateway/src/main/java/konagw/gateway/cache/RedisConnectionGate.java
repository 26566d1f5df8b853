package konagw.gateway.cache;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Opens the shared Redis connection off the request path, and tells the Redis users whether it is open.
 * <p>
 * Spring Data Redis opens its shared connection synchronously, under a lock, on whichever thread first asks
 * for it. On an event loop that is a loop blocked for up to the connect timeout, with every other loop
 * queueing on the lock; the timeouts around our Redis calls cannot help, because the loop they must answer on
 * is the blocked one. So the connection is opened here: once at startup (a Redis that answers is open before
 * the first request), then in the background until it succeeds. Until then every Redis user fails fast and
 * degrades as for any Redis outage. Once open, Lettuce keeps the connection and reconnects by itself.
 * <p>
 * Two shared connections are opened: the reactive one behind Spring Data Redis's templates (pub/sub, Lua
 * scripts), and the byte-array one whose asynchronous commands the cache store uses directly
 * ({@link #withCommands}): a GET through the reactive template builds a connection wrapper, a resource
 * closure and a command stream per call (measured: bench/RESULTS.md).
 */
public final class RedisConnectionGate implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisConnectionGate.class);

    private final LettuceConnectionFactory factory;
    /** {@code null} until the connections are open; standalone, Sentinel or cluster alike. */
    private volatile RedisClusterAsyncCommands<byte[], byte[]> commands;
    private volatile boolean running;
    private volatile Disposable retrying;

    public RedisConnectionGate(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    public boolean isOpen() {
        return commands != null;
    }

    /** The call if the connection is open when subscribed to, else a fast {@link RedisNotConnectedException}. */
    public <T> Mono<T> whenOpen(Mono<T> call) {
        return Mono.defer(() -> isOpen() ? call : Mono.error(new RedisNotConnectedException()));
    }

    /**
     * One command on the shared connection's asynchronous API, issued when subscribed to (a fast
     * {@link RedisNotConnectedException} while the connection is not open). Cancelling the Mono cancels the
     * command; its answer, when it comes, is dropped. A {@code null} answer (an absent key) completes empty.
     */
    public <T> Mono<T> withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> call) {
        return Mono.defer(() -> {
            RedisClusterAsyncCommands<byte[], byte[]> current = commands;
            return current == null ? Mono.error(new RedisNotConnectedException())
                    : Mono.fromCompletionStage(call.apply(current));
        });
    }

    @Override
    public void start() {
        running = true;
        try {
            connect();
            return;
        } catch (RuntimeException e) {
            log.warn("Redis not reachable at startup ({}); serving without the cache and retrying in the background",
                    e.toString());
        }
        retrying = Mono.fromRunnable(this::connect)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnError(e -> log.debug("Redis still not reachable: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
                .subscribe(null, e -> log.error("Redis connection retries stopped", e));
    }

    private void connect() {
        factory.getReactiveConnection(); // opens the shared connection; the per-call wrapper holds nothing
        if (commands == null) {
            // with a shared native connection (Spring Data Redis's default) the wrapper holds nothing either:
            // its native API is the shared connection's, standalone or cluster
            commands = ((LettuceConnection) factory.getConnection()).getNativeConnection();
            log.info("Redis connection open");
        }
    }

    @Override
    public void stop() {
        running = false;
        Disposable current = retrying;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the connection factory (phase 0), before the web server and the near cache's subscription. */
    @Override
    public int getPhase() {
        return 1;
    }

    /** Redis has not been reached yet since startup; callers treat it like any Redis failure. */
    public static final class RedisNotConnectedException extends RuntimeException {

        RedisNotConnectedException() {
            super("Redis connection not open yet", null, false, false);
        }
    }
}
