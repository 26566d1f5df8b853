package konagw.gateway.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.recovery.RecoveryListener;
import ch.qos.logback.core.recovery.ResilientOutputStreamBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.gateway.config.InvalidConfigurationException;

/**
 * Writes {@link AuditEvent}s as one JSON object each to the {@code konagw.audit} logger, never sampled, from a thread
 * of its own: a request hands its event over and goes on, so neither the serialization nor the log output's write runs
 * on an event loop. The {@link AuditOutput output} is an appender of its own on that logger — standard output or
 * {@code konagw.audit.file}, events only, flushed once per burst — or the application's log appenders. An own output
 * has no masking layout: {@link AuditJson} masks the fields that a caller or an operator chooses. Events wait in a bounded queue; one that finds it full is counted as a failure (never dropped
 * silently), and closing writes every event still queued. Counts
 * {@code konagw.audit.events} and {@code konagw.audit.failures}: an event that could not be serialized or logged,
 * an error the audit appender reported to Logback, or each event of a burst that its output could not take (a full
 * disk: Logback's file stream then drops events until it recovers, noting only the first failures in its status).
 * The alert KonagwAuditSinkFailing watches the counter. A file that cannot be opened at startup fails the startup.
 */
public final class AuditLog implements AutoCloseable {

    public static final String LOGGER = "konagw.audit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    /** Events a burst may queue before they count as lost: seconds of the busiest facade traffic. */
    public static final int DEFAULT_CAPACITY = 65_536;
    /**
     * How long the writer sleeps once the queue is empty. Each wake-up costs the writer tens of microseconds (a thread
     * switched in, cold caches): at 5 ms that was more than the events themselves at a few hundred lookups a second,
     * and 200 wake-ups a second on an idle gateway. An event waits this long at most before it is written.
     */
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Events between two flushes of an own output at most, when the queue does not drain. */
    static final int MAX_BURST = 256;
    /** Bytes of audit lines per write to standard output. */
    static final int STDOUT_BUFFER = 8192;

    /** Called on the writer thread only (an {@link AuditJson} reuses its buffer). */
    private final Function<AuditEvent, String> json;
    private final Counter events;
    private final Counter failures;
    private final List<OutputStreamAppender<ILoggingEvent>> ownAppenders = new ArrayList<>();
    private final AtomicBoolean fileFailing = new AtomicBoolean();
    /** Lock-free: a request's thread never waits on the writer (an event loop must not park). */
    private final Queue<AuditEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Thread writer;
    private volatile boolean open = true;
    private StatusListener statusListener;

    /** To {@code file}, or through the application's log when it is null (tests). */
    public AuditLog(MeterRegistry meters, String file) {
        this(meters, file == null ? AuditOutput.LOG : AuditOutput.FILE, file, DEFAULT_CAPACITY);
    }

    public AuditLog(MeterRegistry meters, AuditOutput output, String file, int capacity) {
        this(new AuditJson()::write, meters, output, file, capacity);
    }

    AuditLog(Function<AuditEvent, String> json, MeterRegistry meters, AuditOutput output, String file, int capacity) {
        this.json = json;
        this.capacity = capacity;
        this.events = Counter.builder("konagw.audit.events").description("audit events written").register(meters);
        this.failures = Counter.builder("konagw.audit.failures")
                .description("audit events that could not be written (serialization, logging or the audit appender)")
                .register(meters);
        Gauge.builder("konagw.audit.backlog", queued, AtomicInteger::get)
                .description("audit events waiting to be written").register(meters);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            watchAppenderErrors(context);
            switch (output) {
                case FILE -> attachFile(context, file);
                case STDOUT -> attachStandardOutput(context);
                case LOG -> { }
            }
        }
        this.writer = new Thread(this::writeAll, "konagw-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Hands the event to the writer; never blocks. */
    public void record(AuditEvent event) {
        if (!open) {
            failures.increment();
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            failures.increment();
            return;
        }
        queue.add(event);
    }

    /**
     * Writes as events come; idle, it looks again after {@link #IDLE_NANOS} (no wake-up call per event). An own output
     * is flushed once per burst (the queue drained, or {@link #MAX_BURST} events), not per event, and a burst's
     * events are counted once its flush has told whether they reached the output.
     */
    private void writeAll() {
        int burst = 0;
        while (open || queued.get() > 0) {
            AuditEvent event = queue.poll();
            if (event == null) {
                burst = settle(burst);
                LockSupport.parkNanos(IDLE_NANOS);
                continue;
            }
            queued.decrementAndGet();
            if (write(event) && ++burst == MAX_BURST) {
                burst = settle(burst);
            }
        }
        settle(burst);
    }

    /** Logs one event; false when it could not be. */
    private boolean write(AuditEvent event) {
        try {
            log.info(json.apply(event));
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            return false;
        }
    }

    /** Flushes the own outputs and counts the {@code written} events since the last flush; returns 0. */
    private int settle(int written) {
        if (written == 0) {
            return 0;
        }
        boolean flushed = true;
        for (OutputStreamAppender<ILoggingEvent> appender : ownAppenders) {
            flushed &= flush(appender);
        }
        if (!flushed || fileFailing.get()) {
            failures.increment(written);
        } else {
            events.increment(written);
        }
        return 0;
    }

    /** False when the output refused the flush (a file's resilient stream swallows it and sets fileFailing). */
    private static boolean flush(OutputStreamAppender<ILoggingEvent> appender) {
        OutputStream stream = appender.getOutputStream();
        try {
            if (stream != null) {
                stream.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Standard output, events only, one JSON object per line (additivity off). A burst's lines reach
     * {@link System#out} in writes of whole lines of up to {@link #STDOUT_BUFFER} bytes, one system call each instead
     * of one per event; System.out's lock keeps them apart from the application's own log lines.
     */
    private void attachStandardOutput(LoggerContext context) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("KONAGW_AUDIT_STDOUT");
        appender.setEncoder(lineEncoder(context));
        appender.setImmediateFlush(false);
        appender.setOutputStream(new BufferedOutputStream(new StandardOutput(), STDOUT_BUFFER));
        appender.start();
        own(context, appender);
    }

    /** {@link System#out} as it is when written to; never closed (the application still logs there). */
    private static final class StandardOutput extends OutputStream {
        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        /**
         * PrintStream keeps its failures to itself: a failed write or flush shows here. Its error flag never clears,
         * so once standard output failed every later burst counts as failed — the alert then stays on until a
         * restart, rather than an audit gap passing for recovered.
         */
        @Override
        public void flush() throws IOException {
            if (System.out.checkError()) {
                throw new IOException("standard output refused the audit events");
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static PatternLayoutEncoder lineEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        return encoder;
    }

    private void own(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender) {
        ch.qos.logback.classic.Logger audit = context.getLogger(LOGGER);
        audit.addAppender(appender);
        audit.setAdditive(false);
        ownAppenders.add(appender);
    }

    /** A dedicated file, events only (additivity off: they leave the application's log). */
    private void attachFile(LoggerContext context, String file) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("KONAGW_AUDIT_FILE");
        appender.setFile(file);
        appender.setAppend(true);
        appender.setEncoder(lineEncoder(context));
        appender.setImmediateFlush(false);
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
        own(context, appender);
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

    /** Writes what is still queued (for a few seconds at most), then detaches. */
    @Override
    public void close() {
        open = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failures.increment(queued.getAndSet(0)); // what the writer could not finish in time
        queue.clear();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            if (statusListener != null) {
                context.getStatusManager().remove(statusListener);
            }
            ch.qos.logback.classic.Logger audit = context.getLogger(LOGGER);
            for (OutputStreamAppender<ILoggingEvent> appender : ownAppenders) {
                audit.detachAppender(appender);
                appender.stop();
            }
            audit.setAdditive(true);
        }
    }
}
