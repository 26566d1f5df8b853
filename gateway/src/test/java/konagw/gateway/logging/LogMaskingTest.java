package konagw.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/**
 * A card number logged through each path — the message itself, an argument, an exception's message (and its
 * cause's), an MDC value — leaves the real console output masked, in text and in ECS JSON: logging is set up
 * by Spring Boot from the application's own wiring (META-INF/spring.factories) in a real application start.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest {

    static final String PAN = "9410000000000001";
    static final String MASKED = "941000******0001";
    static final String OTHER_PAN = "5500000000000004";
    static final String OTHER_MASKED = "550000******0004";
    static final Logger log = LoggerFactory.getLogger("konagw.test.masking");

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        MDC.clear();
        if (context != null) {
            context.close();
        }
    }

    @Test
    void textLinesAreMasked(CapturedOutput output) {
        context = start();
        logEveryPath();
        String out = output.getOut();
        assertThat(out).contains("message " + MASKED, "argument " + MASKED, "failed: " + MASKED,
                "cause " + OTHER_MASKED, "[mdc-" + MASKED + " client-a]");
        assertThat(out).doesNotContain(PAN).doesNotContain(OTHER_PAN);
    }

    @Test
    void ecsLinesAreMasked(CapturedOutput output) {
        context = start("--logging.structured.format.console=ecs");
        logEveryPath();
        List<Map<String, Object>> lines = output.getOut().lines().filter(l -> l.startsWith("{"))
                .map(LogMaskingTest::json).filter(l -> "konagw.test.masking".equals(nested(l, "log").get("logger"))).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> l.get("message"))
                .containsExactly("message " + MASKED, "argument " + MASKED, "failed: " + MASKED);
        assertThat(lines).allSatisfy(l -> assertThat(l).containsEntry("correlationId", "mdc-" + MASKED)
                .containsEntry("clientId", "client-a"));
        Map<String, Object> error = nested(lines.get(2), "error");
        assertThat(error).containsEntry("type", IllegalStateException.class.getName())
                .containsEntry("message", "failed: " + MASKED);
        assertThat((String) error.get("stack_trace")).contains("failed: " + MASKED, "cause " + OTHER_MASKED);
        assertThat(output.getOut()).doesNotContain(PAN).doesNotContain(OTHER_PAN);
    }

    static void logEveryPath() {
        MDC.put(RequestMdc.CORRELATION_ID, "mdc-" + PAN);
        MDC.put(RequestMdc.CLIENT_ID, "client-a");
        log.warn("message " + PAN);
        log.warn("argument {}", PAN);
        log.error("failed: {}", PAN, new IllegalStateException("failed: " + PAN,
                new IllegalArgumentException("cause " + OTHER_PAN)));
    }

    static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).run(args);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nested(Map<String, Object> json, String name) {
        Object value = json.get(name);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String line) {
        return JsonMapper.builder().build().readValue(line, Map.class);
    }
}
