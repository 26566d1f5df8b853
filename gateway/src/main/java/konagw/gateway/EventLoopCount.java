package konagw.gateway;

/**
 * One Netty event loop per available core, unless {@code -Dreactor.netty.ioWorkerCount} says otherwise.
 * <p>
 * Reactor Netty's own default is max(cores, 4). On two cores (the bench VM; a pod limited to two CPUs) four loops,
 * which also carry Redis, share the cores with the crypto threads, and each sleeps and wakes more often per request:
 * two loops cost less CPU per cache miss and cut the cache-hit p99 at the same throughput (bench/RESULTS.md has the
 * figures). Reactor Netty reads the property once, when its loop
 * resources are first loaded, so this runs before Spring starts.
 */
final class EventLoopCount {

    static final String PROPERTY = "reactor.netty.ioWorkerCount";

    private EventLoopCount() {
    }

    static void defaultToOnePerCore() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}
