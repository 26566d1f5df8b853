package konagw.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import konagw.gateway.auth.AuthenticatedClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The accessor as the gateway applies it: Reactor in limited mode (spring.reactor.context-propagation=limited), the
 * request's lines restored where they are logged ({@link RequestMdc#restore}).
 */
class RequestMdcTest {

    Scheduler other;

    @BeforeEach
    void scheduler() {
        other = Schedulers.newSingle("mdc-test");
    }

    @AfterEach
    void reset() {
        other.dispose();
        MDC.clear();
    }

    @Test
    void theMdcFollowsTheRequestToAnotherThreadAndLeavesNothingBehind() {
        Map<String, Object> attributes = new HashMap<>();
        RequestLogContext request = new RequestLogContext("corr-1", attributes);

        Map<String, String> seen = Mono.fromCallable(() -> {
                    // authentication sets the client after the context was written
                    attributes.put(AuthenticatedClient.ATTRIBUTE, "alpha");
                    return 1;
                })
                .delayElement(Duration.ofMillis(1), other)
                .flatMap(one -> Mono.deferContextual(context -> {
                    try (var mdc = RequestMdc.restore(context)) {
                        return Mono.just(Map.of("thread", Thread.currentThread().getName(),
                                "correlationId", String.valueOf(MDC.get(RequestMdc.CORRELATION_ID)),
                                "clientId", String.valueOf(MDC.get(RequestMdc.CLIENT_ID))));
                    }
                }))
                .contextWrite(c -> c.put(RequestMdc.KEY, request))
                .block(Duration.ofSeconds(5));
        assertThat(seen).containsEntry("correlationId", "corr-1").containsEntry("clientId", "alpha");
        assertThat(seen.get("thread")).startsWith("mdc-test");

        // the same thread, next task, no request: nothing left in its MDC
        Map<String, String> after = Mono.fromCallable(() -> {
                    Map<String, String> mdc = MDC.getCopyOfContextMap();
                    return mdc == null ? Map.<String, String>of() : mdc;
                })
                .subscribeOn(other)
                .block(Duration.ofSeconds(5));
        assertThat(after).doesNotContainKeys(RequestMdc.CORRELATION_ID, RequestMdc.CLIENT_ID);
        assertThat(Mono.fromCallable(() -> String.valueOf(MDC.get(RequestMdc.CORRELATION_ID))).publishOn(other)
                .contextWrite(c -> c.put(RequestMdc.KEY, request)).block(Duration.ofSeconds(5)))
                .as("outside a restore, another operator of the request sees nothing: no per-signal restoring")
                .isEqualTo("null");
        assertThat(MDC.get(RequestMdc.CORRELATION_ID)).as("nor on the subscribing thread").isNull();
    }

    @Test
    void aCallerWithoutAUsableHeaderGetsADistinctId() {
        assertThat(RequestLoggingWebFilter.correlationIdOf("batch-2026-12-02.7:a")).isEqualTo("batch-2026-12-02.7:a");
        assertThat(RequestLoggingWebFilter.correlationIdOf("with space")).matches("[0-9a-f]{16}");
        assertThat(RequestLoggingWebFilter.correlationIdOf("x".repeat(65))).matches("[0-9a-f]{16}");
        assertThat(RequestLoggingWebFilter.correlationIdOf("a\nforged line")).matches("[0-9a-f]{16}");
        assertThat(RequestLoggingWebFilter.correlationIdOf(null)).isNotEqualTo(RequestLoggingWebFilter.correlationIdOf(null));
    }
}
