package konagw.gateway.batch;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.context.Context;

/**
 * A non-blocking FIFO semaphore: {@link #run} starts its work when one of {@code capacity} permits is
 * free and gives the permit back when the work ends or is cancelled. Nothing ever parks a thread (a
 * Resilience4j semaphore bulkhead would have to, to wait), so it may sit on the event loop.
 * <p>All batches of one instance queue here for the batch share of the upstream, so two concurrent batches
 * wait their turn instead of being refused by the {@code konaplate-batch} bulkhead. Work that completes
 * synchronously (an open circuit breaker answers at once) starts the next task from a drain loop,
 * not by recursion, so a long queue cannot overflow the stack.
 */
final class PermitQueue {

    private final Object lock = new Object();
    private final ArrayDeque<Task<?>> waiting = new ArrayDeque<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final int capacity;
    private int available; // guarded by lock

    PermitQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.available = capacity;
    }

    /** {@code work} is called, and its Mono subscribed, once a permit is held; lazily, per subscription. */
    <T> Mono<T> run(Supplier<? extends Mono<T>> work) {
        return Mono.create(sink -> {
            Task<T> task = new Task<>(work, sink);
            sink.onCancel(task::cancel);
            synchronized (lock) {
                waiting.add(task);
            }
            drain();
        });
    }

    int capacity() {
        return capacity;
    }

    /** Permits held right now. */
    int inUse() {
        synchronized (lock) {
            return capacity - available;
        }
    }

    /** Tasks waiting for a permit. */
    int queued() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    private void release() {
        synchronized (lock) {
            available++;
        }
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            for (;;) {
                Task<?> next;
                synchronized (lock) {
                    if (available == 0 || waiting.isEmpty()) {
                        break;
                    }
                    next = waiting.poll();
                    available--;
                }
                if (!next.start()) {
                    synchronized (lock) {
                        available++;
                    }
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private final class Task<T> {

        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;

        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final Disposable.Swap running = Disposables.swap();
        private final Supplier<? extends Mono<T>> work;
        private final MonoSink<T> sink;
        private T value;

        Task(Supplier<? extends Mono<T>> work, MonoSink<T> sink) {
            this.work = work;
            this.sink = sink;
        }

        /** Called with a permit taken for it; false (the permit is not used) when already cancelled. */
        boolean start() {
            if (!state.compareAndSet(WAITING, RUNNING)) {
                return false;
            }
            Mono<T> mono;
            try {
                mono = work.get();
            } catch (Throwable e) {
                if (finish()) {
                    sink.error(e);
                }
                return true;
            }
            running.update(mono.subscribe(
                    next -> value = next,
                    error -> {
                        if (finish()) {
                            sink.error(error);
                        }
                    },
                    () -> {
                        if (finish()) {
                            sink.success(value);
                        }
                    },
                    Context.of(sink.contextView()))); // the waiting caller's: its request's log lines
            return true;
        }

        /** Gives the permit back once; true for the caller that did. */
        private boolean finish() {
            if (state.compareAndSet(RUNNING, DONE)) {
                release();
                return true;
            }
            return false;
        }

        void cancel() {
            if (state.compareAndSet(WAITING, DONE)) {
                synchronized (lock) {
                    waiting.remove(this);
                }
            } else if (state.compareAndSet(RUNNING, DONE)) {
                running.dispose();
                release();
            }
        }
    }
}
