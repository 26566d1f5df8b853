package konagw.gateway.batch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import konagw.gateway.logging.RequestMdc;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * A last-resort deadline that answers first and cancels afterwards. {@code Mono.timeout} cancels the
 * source before it signals the timeout, so a source whose cancellation fails or never returns leaves the
 * subscriber waiting forever — seen once under load with a Redis read, which held a whole batch open.
 * Here the fallback is delivered first; cancelling the source is then best effort.
 * <p>The deadlines are backstops: the guards inside (the Redis timeout, the upstream time limiter) answer
 * long before them in every ordinary case.
 */
final class Backstop {

    private static final Logger log = LoggerFactory.getLogger(Backstop.class);

    private Backstop() {
    }

    static <T> Mono<T> within(Mono<T> source, Duration deadline, Supplier<? extends T> fallback, Scheduler timer) {
        return Mono.create(sink -> {
            AtomicBoolean decided = new AtomicBoolean();
            Disposable.Swap upstream = Disposables.swap();
            Disposable clock;
            try {
                clock = timer.schedule(() -> {
                    if (decided.compareAndSet(false, true)) {
                        try (var mdc = RequestMdc.restore(sink.contextView())) {
                            log.warn("batch backstop: no answer within {}, answering without it", deadline);
                        }
                        try {
                            sink.success(fallback.get());
                        } catch (RuntimeException e) {
                            sink.error(e);
                        }
                        cancelQuietly(upstream);
                    }
                }, deadline.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) {
                clock = Disposables.disposed(); // no timer to be had: the source alone decides
            }
            Disposable timerTask = clock;
            sink.onCancel(() -> {
                timerTask.dispose();
                cancelQuietly(upstream);
            });
            upstream.update(source.subscribe(
                    value -> {
                        if (decided.compareAndSet(false, true)) {
                            timerTask.dispose();
                            sink.success(value);
                        }
                    },
                    error -> {
                        if (decided.compareAndSet(false, true)) {
                            timerTask.dispose();
                            sink.error(error);
                        }
                    },
                    () -> {
                        if (decided.compareAndSet(false, true)) {
                            timerTask.dispose();
                            sink.success();
                        }
                    },
                    Context.of(sink.contextView()))); // the caller's context: its request's log lines, its deadline
        });
    }

    private static void cancelQuietly(Disposable.Swap upstream) {
        try {
            upstream.dispose();
        } catch (RuntimeException e) {
            log.warn("batch backstop: cancelling a late source failed", e);
        }
    }
}
