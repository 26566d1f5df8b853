package konagw.gateway.inquiry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Request coalescing: a caller {@link #claim claims} a key before it reads the cache. The first claimant owns the
 * flight — the read, and the upstream call when the read misses — and every later claimant joins it until it has
 * landed. A flight lands when its follow-up (the cache write) is done: only then does the key leave the map, so a
 * caller that claims afterwards reads what the flight wrote. No caller can miss a flight that is still running and
 * call again: the check and the registration are one {@code putIfAbsent}, made before the read.
 * <p>An owner that will not finish its flight (its batch was cancelled) {@link Claim#release releases} it; joiners
 * then see {@link Abandoned} and start again on their own. {@link #abandon} detaches a flight (an eviction): later
 * claims start afresh, and its follow-up is skipped. Failures are never remembered. A flight keeps running when one
 * of its callers goes away.
 */
public final class InflightRequests<T> {

    private final ConcurrentMap<String, Flight<T>> flights = new ConcurrentHashMap<>();

    /** The flight of a key, owned or joined. */
    public sealed interface Claim<T> permits Owned, Joined {

        /** The flight's result; {@link Abandoned} when its owner gave it up. */
        Mono<T> result();

        boolean coalesced();

        /** Gives up a flight that was never started: joiners start again on their own. No-op once started. */
        void release();
    }

    /** Raised to joiners of a flight whose owner gave it up before it ran. */
    public static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("coalesced flight abandoned by its owner", null, false, false);
        }
    }

    public static final class Owned<T> implements Claim<T> {

        private final InflightRequests<T> registry;
        private final String key;
        private final Flight<T> flight;

        private Owned(InflightRequests<T> registry, String key, Flight<T> flight) {
            this.registry = registry;
            this.key = key;
            this.flight = flight;
        }

        /**
         * Runs the flight: {@code work} is subscribed once, now, independently of any caller; its value goes to
         * every claimant, then {@code followUp} runs, then the key is released.
         */
        public Mono<T> run(Mono<T> work, Function<T, Mono<?>> followUp) {
            return run(work, followUp, Context.empty());
        }

        /**
         * As {@link #run(Mono, Function)}; the flight runs in a detached subscription under {@code context}, the
         * owner's (its request's log lines, the guard's subject), not an empty one.
         */
        public Mono<T> run(Mono<T> work, Function<T, Mono<?>> followUp, ContextView context) {
            if (!flight.start()) {
                return flight.result();
            }
            AtomicBoolean answered = new AtomicBoolean();
            work.subscribe(value -> {
                answered.set(true);
                flight.sink.tryEmitValue(value);
                Mono<?> after = flight.abandoned ? Mono.empty() : followUp.apply(value);
                after.onErrorResume(e -> Mono.empty())
                        .doFinally(signal -> registry.flights.remove(key, flight))
                        .subscribe();
            }, failure -> {
                registry.flights.remove(key, flight);
                flight.sink.tryEmitError(failure);
            }, () -> {
                if (!answered.get()) { // with a value, the follow-up releases the key
                    registry.flights.remove(key, flight);
                    flight.sink.tryEmitEmpty();
                }
            }, Context.of(context));
            return flight.result();
        }

        /** Lands a flight whose value is already known (a cache hit read for many keys at once). */
        public void complete(T value) {
            if (flight.start()) {
                registry.flights.remove(key, flight);
                flight.sink.tryEmitValue(value);
            }
        }

        @Override
        public Mono<T> result() {
            return flight.result();
        }

        @Override
        public boolean coalesced() {
            return false;
        }

        @Override
        public void release() {
            if (flight.start()) {
                registry.flights.remove(key, flight);
                flight.sink.tryEmitError(new Abandoned());
            }
        }
    }

    public record Joined<T>(Mono<T> result) implements Claim<T> {

        @Override
        public boolean coalesced() {
            return true;
        }

        @Override
        public void release() {
            // a joiner owns nothing
        }
    }

    private static final class Flight<T> {

        private static final int NEW = 0;
        private static final int STARTED = 1;

        final Sinks.One<T> sink = Sinks.one();
        private final AtomicInteger state = new AtomicInteger(NEW);
        volatile boolean abandoned;

        boolean start() {
            return state.compareAndSet(NEW, STARTED);
        }

        Mono<T> result() {
            return sink.asMono();
        }
    }

    /** Owns the key's flight, or joins the one in flight. */
    public Claim<T> claim(String key) {
        Flight<T> running = flights.get(key);
        if (running != null) {
            return new Joined<>(running.result());
        }
        Flight<T> mine = new Flight<>();
        Flight<T> raced = flights.putIfAbsent(key, mine);
        if (raced != null) {
            return new Joined<>(raced.result());
        }
        return new Owned<>(this, key, mine);
    }

    /** Claims the key and, when the claim is ours, runs {@code work} as its flight. */
    public Claim<T> join(String key, Mono<T> work, Function<T, Mono<?>> followUp) {
        Claim<T> claim = claim(key);
        if (claim instanceof Owned<T> owned) {
            owned.run(work, followUp);
        }
        return claim;
    }

    /**
     * Detaches the key's flight, if any: later claims start a new one, and its follow-up (the write of what it
     * fetched) is skipped. Callers already joined still get its answer.
     */
    public void abandon(String key) {
        Flight<T> flight = flights.remove(key);
        if (flight != null) {
            flight.abandoned = true;
        }
    }

    public int size() {
        return flights.size();
    }
}
