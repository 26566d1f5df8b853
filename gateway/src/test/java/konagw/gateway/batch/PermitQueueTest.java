package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class PermitQueueTest {

    @Test
    void atMostCapacityRunAtOnceAndWaitersStartInArrivalOrder() {
        PermitQueue queue = new PermitQueue(2);
        List<Sinks.One<Integer>> gates = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Sinks.One<Integer> gate = Sinks.one();
            gates.add(gate);
            queue.run(() -> {
                started.add(n);
                return gate.asMono();
            }).subscribe(done::add, error -> done.add(-n));
        }
        assertThat(started).containsExactly(0, 1);
        assertThat(queue.inUse()).isEqualTo(2);
        assertThat(queue.queued()).isEqualTo(3);
        gates.get(1).tryEmitValue(1);
        assertThat(started).containsExactly(0, 1, 2);
        gates.get(0).tryEmitEmpty();
        gates.get(2).tryEmitError(new IllegalStateException("boom"));
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        gates.get(3).tryEmitValue(3);
        gates.get(4).tryEmitValue(4);
        assertThat(done).containsExactly(1, -2, 3, 4);
        assertThat(queue.inUse()).isZero();
        assertThat(queue.queued()).isZero();
    }

    @Test
    void cancellingAWaiterOrARunningTaskFreesItsPlace() {
        PermitQueue queue = new PermitQueue(1);
        AtomicInteger cancelled = new AtomicInteger();
        Disposable running = queue.run(() -> Mono.never().doOnCancel(cancelled::incrementAndGet)).subscribe();
        AtomicInteger secondStarted = new AtomicInteger();
        Disposable waiting = queue.run(() -> {
            secondStarted.incrementAndGet();
            return Mono.never();
        }).subscribe();
        assertThat(queue.queued()).isEqualTo(1);
        waiting.dispose();
        assertThat(queue.queued()).isZero();

        StepVerifier.create(queue.run(() -> Mono.just("third")))
                .then(() -> {
                    assertThat(queue.queued()).isEqualTo(1);
                    running.dispose();
                })
                .expectNext("third")
                .verifyComplete();
        assertThat(cancelled).hasValue(1);
        assertThat(secondStarted).hasValue(0);
        assertThat(queue.inUse()).isZero();
    }

    @Test
    void aLongQueueOfInstantAnswersDrainsWithoutDeepRecursion() {
        PermitQueue queue = new PermitQueue(1);
        Sinks.One<Integer> first = Sinks.one();
        AtomicInteger answered = new AtomicInteger();
        queue.run(first::asMono).subscribe(i -> answered.incrementAndGet());
        for (int i = 1; i <= 100_000; i++) {
            int n = i;
            queue.run(() -> Mono.just(n)).subscribe(v -> answered.incrementAndGet());
        }
        assertThat(queue.queued()).isEqualTo(100_000);
        first.tryEmitValue(0); // each answer starts the next from the drain loop, not from a deeper frame
        assertThat(answered).hasValue(100_001);
        assertThat(queue.inUse()).isZero();
    }

    @Test
    void workIsNotCalledUntilSubscribedAndAFailingSupplierReleases() {
        PermitQueue queue = new PermitQueue(1);
        AtomicInteger calls = new AtomicInteger();
        Mono<Integer> lazy = queue.run(() -> Mono.just(calls.incrementAndGet()));
        assertThat(calls).hasValue(0);
        StepVerifier.create(queue.run(() -> {
            throw new IllegalStateException("no");
        })).verifyError(IllegalStateException.class);
        StepVerifier.create(lazy).expectNext(1).verifyComplete();
        StepVerifier.create(Mono.delay(Duration.ofMillis(1)).then(queue.run(() -> Mono.just(7))))
                .expectNext(7).verifyComplete();
    }
}
