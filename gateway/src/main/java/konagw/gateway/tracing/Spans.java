package konagw.gateway.tracing;

import java.util.function.BiConsumer;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's own spans (cache reads, upstream exchanges, batches, job chunks) as Micrometer observations, children
 * of the observation in the subscriber's Reactor context (the facade request's). Without tracing
 * ({@link TracingActivation no OTLP endpoint}) the registry is {@link ObservationRegistry#NOOP} and every method
 * returns its publisher untouched: no observation, no timer, no context write on the request path.
 * <p>Key values are never a card or account number: callers pass names, counts, classes and the X-KM correlation id.
 * Low-cardinality key values are also tags of the observation's timer (bounded sets only: a policy, a class);
 * counts and ids go in high-cardinality ones, span attributes only.
 */
public final class Spans {

    /** No spans: tests and components built without the application context. */
    public static final Spans NONE = new Spans(ObservationRegistry.NOOP);

    private final ObservationRegistry registry;

    public Spans(ObservationRegistry registry) {
        this.registry = registry;
    }

    public boolean active() {
        return !registry.isNoop();
    }

    /** {@code source} under a span {@code name} with {@code tags}; {@code onNext} may add key values of the answer
     * ({@code null} when empty). */
    public <T> Mono<T> around(Mono<T> source, String name, KeyValues tags, BiConsumer<Observation, T> onNext) {
        return around(source, name, tags, onNext, (observation, error) -> { });
    }

    /** As {@link #around(Mono, String, KeyValues, BiConsumer)}; {@code onError} may add key values of a failure. */
    public <T> Mono<T> around(Mono<T> source, String name, KeyValues tags, BiConsumer<Observation, T> onNext,
            BiConsumer<Observation, Throwable> onError) {
        if (!active()) {
            return source;
        }
        return Mono.deferContextual(context -> {
            Observation observation = start(name, tags, context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
            return source
                    .doOnSuccess(value -> onNext.accept(observation, value))
                    .doOnError(error -> {
                        onError.accept(observation, error);
                        observation.error(error);
                    })
                    .doFinally(signal -> observation.stop())
                    .contextWrite(inner -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    /**
     * As {@link #around(Mono, String, KeyValues, BiConsumer)}, for a stream, with span attributes {@code details}
     * that are no metric tags (counts, ids); the span also gets the count of items, {@code konagw.items}.
     */
    public <T> Flux<T> around(Flux<T> source, String name, KeyValues tags, KeyValues details) {
        if (!active()) {
            return source;
        }
        return Flux.deferContextual(context -> {
            Observation observation = start(name, tags, context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                    .highCardinalityKeyValues(details);
            long[] count = new long[1];
            return source
                    .doOnNext(value -> count[0]++)
                    .doOnError(observation::error)
                    .doOnComplete(() -> observation.highCardinalityKeyValue("konagw.items", Long.toString(count[0])))
                    .doFinally(signal -> observation.stop())
                    .contextWrite(inner -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    /** An instantaneous span (a near-cache hit answered in process), under the context's current observation. */
    public <T> Mono<T> instant(Mono<T> source, String name, KeyValues tags) {
        return around(source, name, tags, (observation, value) -> { });
    }

    private Observation start(String name, KeyValues tags, Observation parent) {
        return Observation.createNotStarted(name, registry)
                .lowCardinalityKeyValues(tags)
                .parentObservation(parent)
                .start();
    }
}
