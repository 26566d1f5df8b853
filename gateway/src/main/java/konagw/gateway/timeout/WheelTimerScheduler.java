package konagw.gateway.timeout;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor {@link Scheduler} for timeouts, on a Netty {@link HashedWheelTimer}: for {@code Mono.timeout(d, this)}.
 * <p>
 * Every request arms two or three timeouts (Redis read, Redis write, upstream) and nearly all are cancelled long
 * before they fire. On Reactor's parallel scheduler each arm and each cancel goes through a locked delay queue and
 * wakes its thread, more than once per cache miss (bench/RESULTS.md). On a wheel, arming and cancelling are
 * queue appends that wake nobody; one thread turns the wheel every {@code tick}, so a timeout fires up to one tick
 * late. A task that is due runs on Reactor's parallel scheduler, not on the wheel's thread: a timeout's signal
 * carries whatever its downstream does next (a breaker's transition, a fallback, a log line), and if that ran on the
 * wheel, one slow or stuck downstream would hold up every other timeout of the process.
 */
public final class WheelTimerScheduler implements Scheduler {

    private final HashedWheelTimer timer;
    private volatile boolean disposed;

    public WheelTimerScheduler(String name, Duration tick) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory(name, true), tick.toNanos(), TimeUnit.NANOSECONDS,
                512, true, -1, due -> Schedulers.parallel().schedule(due));
        this.timer.start();
    }

    @Override
    public Disposable schedule(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        if (disposed) {
            throw new RejectedExecutionException("timer stopped");
        }
        try {
            return new Armed(timer.newTimeout(expired -> task.run(), delay, unit));
        } catch (IllegalStateException stopped) {
            throw new RejectedExecutionException("timer stopped", stopped);
        }
    }

    @Override
    public Worker createWorker() {
        return new WheelWorker();
    }

    @Override
    public void dispose() {
        disposed = true;
        timer.stop();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    private record Armed(Timeout timeout) implements Disposable {

        @Override
        public void dispose() {
            timeout.cancel();
        }

        @Override
        public boolean isDisposed() {
            return timeout.isCancelled() || timeout.isExpired();
        }
    }

    /** Tasks of a worker are cancelled with it; they do not run in sequence (timeouts need no ordering). */
    private final class WheelWorker implements Worker {

        private final Disposable.Composite tasks = Disposables.composite();

        @Override
        public Disposable schedule(Runnable task) {
            return schedule(task, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            if (tasks.isDisposed()) {
                throw new RejectedExecutionException("worker disposed");
            }
            Disposable[] self = new Disposable[1];
            Disposable armed = WheelTimerScheduler.this.schedule(() -> {
                tasks.remove(self[0]);
                task.run();
            }, delay, unit);
            self[0] = armed;
            if (!tasks.add(armed)) {
                armed.dispose();
                throw new RejectedExecutionException("worker disposed");
            }
            return () -> {
                tasks.remove(armed);
                armed.dispose();
            };
        }

        @Override
        public void dispose() {
            tasks.dispose();
        }

        @Override
        public boolean isDisposed() {
            return tasks.isDisposed();
        }
    }
}
