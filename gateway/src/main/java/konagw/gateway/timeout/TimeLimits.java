package konagw.gateway.timeout;

import java.util.function.Function;

import io.github.resilience4j.timelimiter.TimeLimiter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * What Resilience4j's {@code TimeLimiterOperator} does for a Mono (time out, then tell the time limiter how it
 * ended, for its events and metrics), with the timer given instead of Reactor's parallel scheduler, which that
 * operator cannot be told to leave (see {@link WheelTimerScheduler}).
 */
public final class TimeLimits {

    private TimeLimits() {
    }

    public static <T> Function<Mono<T>, Mono<T>> of(TimeLimiter timeLimiter, Scheduler timer) {
        return call -> call.timeout(timeLimiter.getTimeLimiterConfig().getTimeoutDuration(), timer)
                .doOnSuccess(value -> timeLimiter.onSuccess())
                .doOnError(timeLimiter::onError);
    }
}
