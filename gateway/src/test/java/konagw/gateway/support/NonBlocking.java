package konagw.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * BlockHound for every gateway a test starts, installed once per JVM (a second install is ignored, so one shared
 * installation, one record of what blocked). A blocking call on a non-blocking thread fails where it happens and is
 * recorded too: code that degrades on any error (the cache does) would otherwise turn it into a silent miss.
 */
public final class NonBlocking {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private NonBlocking() {
    }

    /** Installs BlockHound with the allowances below, once. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        // The JDK's default SecureRandom (used inside RSA-OAEP padding) reads /dev/urandom, which never
        // blocks on Linux; everything else that blocks on a non-blocking thread fails the test.
        // loadIntegrations: without Reactor's and Netty's integrations no thread counts as non-blocking and
        // BlockHound silently checks nothing
        BlockHound.builder()
                .loadIntegrations()
                .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "readFully")
                // Jackson builds each deserializer once under a lock; two threads meeting there wait briefly
                .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                // Spring Data Redis takes a lock for a moment on every call to hand out the shared connection;
                // opening that connection under the lock stays forbidden (RedisConnectionGate opens it off-loop)
                .allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock")
                .disallowBlockingCallsInside("io.lettuce.core.AbstractRedisClient", "getConnection")
                // Resilience4j's event buffers (actuator event endpoints) take a short write lock per event
                .allowBlockingCallsInside("io.github.resilience4j.circularbuffer.ConcurrentEvictingQueue", "writeConcurrently")
                // and a breaker records each outcome in its sliding window under a lock held for one O(1) update
                // (the Redis breaker hears from every event loop that carries a Redis connection)
                .allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
                .allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record")
                // an open breaker turns half-open under a lock held for that one transition and its events; a
                // call arriving as the wait ends meets the breaker's own timer thread (or another loop) there
                .allowBlockingCallsInside("io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine$OpenState",
                        "toHalfOpenState")
                // the JDK's RSA keeps its blinding values in a cache behind one static lock, held for a lookup
                .allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair")
                // Lettuce counts the writers of a connection under a lock, exclusive only while it reconnects
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                // Caffeine (near cache) does its upkeep under a short eviction lock when its write buffer is full
                .allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "performCleanUp")
                // Netty's adaptive allocator briefly locks while it grows its magazines
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .blockingMethodCallback(method -> {
                    // recorded as well as thrown: code that degrades on any error (the cache does) would
                    // otherwise turn a blocking call into a silent cache miss
                    CALLS.add(method + " on " + Thread.currentThread().getName() + " via "
                            + java.util.Arrays.stream(new Throwable().getStackTrace())
                                    .map(frame -> frame.getClassName() + "." + frame.getMethodName())
                                    .filter(frame -> !frame.startsWith("java.") && !frame.startsWith("jdk.")
                                            && !frame.startsWith("sun.") && !frame.startsWith("reactor.blockhound")
                                            && !frame.startsWith(NonBlocking.class.getName()))
                                    .limit(8).toList());
                    throw new BlockingOperationError(method);
                })
                .install();
    }

    private static boolean installed;

    /** What blocked a non-blocking thread since the last call, forgotten once read. */
    public static List<String> blockingCalls() {
        List<String> calls = List.copyOf(CALLS);
        CALLS.removeAll(calls);
        return calls;
    }
}
