package konagw.gateway.timeout;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.core.scheduler.Scheduler;

@Configuration(proxyBeanMethods = false)
public class TimeoutConfiguration {

    /**
     * Arms the per-request timeouts (Redis, upstream). 10 ms ticks: the shortest timeout is the Redis one (150 ms
     * by default), so a timeout fires at most ~7% late.
     */
    @Bean(destroyMethod = "dispose")
    @TimeoutScheduler
    Scheduler timeoutScheduler() {
        return new WheelTimerScheduler("konagw-timeouts", Duration.ofMillis(10));
    }
}
