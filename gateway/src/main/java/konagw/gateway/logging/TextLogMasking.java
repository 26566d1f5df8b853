package konagw.gateway.logging;

import java.util.Iterator;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

/**
 * Text logs: right after Spring Boot has configured Logback (console and file appenders, default or
 * {@code logging.pattern.*} patterns), every pattern layout is wrapped in a {@link PanMaskingLayout}. Boot's
 * programmatic default configuration has no hook for a converter around the whole line, and a
 * logback-spring.xml would have to re-implement its choice between text and structured appenders; structured
 * appenders are masked by {@link PanMaskingJsonMembersCustomizer}. Registered in META-INF/spring.factories, so it
 * runs again whenever Boot initializes logging again.
 */
public final class TextLogMasking implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context);
        }
    }

    /** Wraps the layout of every text appender of {@code context} once. */
    static void apply(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                    Encoder<ILoggingEvent> encoder = appender.getEncoder();
                    if (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping
                            && wrapping.getLayout() != null && !(wrapping.getLayout() instanceof PanMaskingLayout)) {
                        appender.setEncoder(masking(wrapping));
                    }
                }
            }
        }
    }

    /** The same encoding around a masking layout (a PatternLayoutEncoder's own layout cannot be replaced). */
    private static LayoutWrappingEncoder<ILoggingEvent> masking(LayoutWrappingEncoder<ILoggingEvent> original) {
        PanMaskingLayout layout = new PanMaskingLayout(original.getLayout());
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(original.getContext());
        encoder.setCharset(original.getCharset());
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    @Override
    public int getOrder() {
        // after Boot's LoggingApplicationListener has (re)built the appenders
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
