package konagw.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Tells every replica's {@link NearCache} that an entry was evicted, over Redis pub/sub. The message is the
 * keyed hash, never a card number. A replica that loses its subscription drops its whole near cache when it
 * notices, since it may have missed messages; one that never notices is still bounded by the near ttl.
 */
public final class NearCacheInvalidation implements SmartLifecycle {

    /** One channel for all replicas sharing the Redis (and so the keys). */
    public static final String CHANNEL = "konagw:va:v1:evicted";

    private static final Logger log = LoggerFactory.getLogger(NearCacheInvalidation.class);

    private final ReactiveRedisTemplate<String, byte[]> redis;
    private final NearCache near;
    private final RedisConnectionGate gate;
    private final Duration timeout;
    private final Scheduler timeouts;
    private volatile Disposable subscription;

    /**
     * @param timeout  the longest a publish may take (an eviction waits for it)
     * @param timeouts arms that timeout
     */
    private final List<Consumer<String>> remoteEvictionListeners = new CopyOnWriteArrayList<>();
    /** Keys this replica broadcast, so that hearing its own message back does not detach flights begun since. */
    private final Cache<String, Boolean> ownBroadcasts = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(100_000).build();

    public NearCacheInvalidation(ReactiveRedisTemplate<String, byte[]> redis, NearCache near, RedisConnectionGate gate,
            Duration timeout, Scheduler timeouts) {
        this.redis = redis;
        this.near = near;
        this.gate = gate;
        this.timeout = timeout;
        this.timeouts = timeouts;
    }

    /**
     * Also told of every eviction another replica publishes (the keyed hash): the lookup detaches its flights for
     * the key, so no lookup that starts after the drop joins a call begun before the eviction.
     */
    public void onRemoteEviction(Consumer<String> listener) {
        remoteEvictionListeners.add(listener);
    }

    /** Drops the key here and asks every other replica to drop it; completes once Redis took the message. */
    public Mono<Void> broadcast(String key) {
        near.drop(key);
        ownBroadcasts.put(key, Boolean.TRUE);
        return gate.whenOpen(redis.convertAndSend(CHANNEL, key.getBytes(StandardCharsets.US_ASCII)))
                .timeout(timeout, timeouts)
                .then();
    }

    @Override
    public void start() {
        // subscribing may open a connection synchronously: keep that off the event loops and the parallel
        // scheduler, whose threads drive every timeout
        subscription = Flux.defer(() -> redis.listenToChannel(CHANNEL))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(message -> {
                    String key = new String(message.getMessage(), StandardCharsets.US_ASCII);
                    near.drop(key);
                    if (ownBroadcasts.asMap().remove(key) == null) {
                        remoteEvictionListeners.forEach(listener -> listener.accept(key));
                    }
                })
                .doOnError(e -> {
                    near.dropAll();
                    if (gate.isOpen()) {
                        log.warn("near cache: eviction channel lost ({}); near cache cleared, resubscribing", e.toString());
                    } else {
                        log.debug("near cache: no eviction channel while Redis is not reachable ({})", e.toString());
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10)))
                // a subscription that ends without an error (connection closed) may also have missed messages
                .doOnComplete(near::dropAll)
                .repeatWhen(ended -> ended.delayElements(Duration.ofSeconds(1)))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = subscription;
        subscription = null;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
