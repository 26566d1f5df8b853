package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Guards the guard: the other tests only prove non-blocking behaviour if BlockHound is really installed. */
class BlockHoundActiveTest {

    @Test
    void blockingOnANonBlockingThreadFails() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
            Thread.sleep(1);
            return 1;
        }).subscribeOn(Schedulers.parallel()).block())
                .hasMessageContaining("Blocking call");
    }
}
