package konagw.gateway.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.recovery.RecoveryListener;
import ch.qos.logback.core.recovery.ResilientOutputStreamBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.config.InvalidConfigurationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@link AuditEvent}s as one JSON object each to the {@code konagw.audit} logger, never sampled. Counts
 * {@code konagw.audit.events} and {@code konagw.audit.failures}: an event that could not be serialized or logged,
 * an error the audit appender reported to Logback, or — with {@code konagw.audit.file} — each event written while the
 * file cannot be written (a full disk: Logback's file stream then drops events until it recovers, noting only the
 * first failures in its status). The alert KonagwAuditSinkFailing watches the counter. A file that cannot be
 * opened at startup fails the startup.
 */
public final class AuditLog implements AutoCloseable {

    public static final String LOGGER = "konagw.audit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final JsonMapper json;
    private final Counter events;
    private final Counter failures;
    private final List<Appender<ILoggingEvent>> ownAppenders = new ArrayList<>();
    private final AtomicBoolean fileFailing = new AtomicBoolean();
    private StatusListener statusListener;

    public AuditLog(JsonMapper json, MeterRegistry meters, String file) {
        this.json = json;
        this.events = Counter.builder("konagw.audit.events").description("audit events written").register(meters);
        this.failures = Counter.builder("konagw.audit.failures")
                .description("audit events that could not be written (serialization, logging or the audit appender)")
                .register(meters);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            watchAppenderErrors(context);
            if (file != null && !file.isBlank()) {
                attachFile(context, file);
            }
        }
    }

    public void record(AuditEvent event) {
        try {
            log.info(json.writeValueAsString(event));
            if (fileFailing.get()) {
                failures.increment();
            } else {
                events.increment();
            }
        } catch (RuntimeException e) {
            failures.increment();
        }
    }

    /** A dedicated file, events only (additivity off: they leave the application's log). */
    private void attachFile(LoggerContext context, String file) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("KONAGW_AUDIT_FILE");
        appender.setFile(file);
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new InvalidConfigurationException(List.of("konagw.audit.file: cannot open " + file + " for writing"));
        }
        if (appender.getOutputStream() instanceof ResilientOutputStreamBase stream) {
            stream.addRecoveryListener(new RecoveryListener() {
                @Override
                public void newFailure(IOException e) {
                    fileFailing.set(true);
                }

                @Override
                public void recoveryOccured() {
                    fileFailing.set(false);
                }
            });
        }
        ch.qos.logback.classic.Logger audit = context.getLogger(LOGGER);
        audit.addAppender(appender);
        audit.setAdditive(false);
        ownAppenders.add(appender);
    }

    private void watchAppenderErrors(LoggerContext context) {
        ch.qos.logback.classic.Logger audit = context.getLogger(LOGGER);
        statusListener = new StatusListener() {
            @Override
            public void addStatusEvent(Status status) {
                if (status.getLevel() == Status.ERROR && status.getOrigin() instanceof Appender<?> appender
                        && writesAudit(audit, appender)) {
                    failures.increment();
                }
            }
        };
        context.getStatusManager().add(statusListener);
    }

    /** Whether {@code appender} is one the audit logger's events reach (its own, or its ancestors' while additive). */
    private static boolean writesAudit(ch.qos.logback.classic.Logger audit, Appender<?> appender) {
        LoggerContext context = audit.getLoggerContext();
        for (String name = LOGGER; name != null; name = parent(name)) {
            ch.qos.logback.classic.Logger logger = context.exists(name);
            if (logger != null) {
                if (logger.isAttached(castAppender(appender))) {
                    return true;
                }
                if (!logger.isAdditive()) {
                    return false;
                }
            }
        }
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).isAttached(castAppender(appender));
    }

    @SuppressWarnings("unchecked")
    private static Appender<ILoggingEvent> castAppender(Appender<?> appender) {
        return (Appender<ILoggingEvent>) appender;
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }

    @Override
    public void close() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            if (statusListener != null) {
                context.getStatusManager().remove(statusListener);
            }
            ch.qos.logback.classic.Logger audit = context.getLogger(LOGGER);
            for (Appender<ILoggingEvent> appender : ownAppenders) {
                audit.detachAppender(appender);
                appender.stop();
            }
            audit.setAdditive(true);
        }
    }
}
