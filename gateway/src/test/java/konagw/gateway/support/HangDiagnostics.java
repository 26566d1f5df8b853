package konagw.gateway.support;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because something did not answer in time, prints every thread of this JVM, and of the gateway
 * processes the test started ({@link #watch}), to standard error. A request that outlives all of its timeouts
 * leaves no other trace: the dump shows whether a thread is stuck (parked on a lock, spinning) or nothing is,
 * which means a signal was lost. Each thread's CPU time over half a second tells a spinning thread from a parked one.
 */
public final class HangDiagnostics implements TestExecutionExceptionHandler {

    private static final List<Process> WATCHED = new CopyOnWriteArrayList<>();
    private static final long CPU_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** A gateway process whose threads a timeout's dump should include as well. */
    public static Process watch(Process process) {
        WATCHED.add(process);
        return process;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (isTimeout(failure)) {
            System.err.print(dump(context.getDisplayName()));
            System.err.flush();
        }
        throw failure;
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof ConditionTimeoutException
                    || cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** This JVM's threads, then each watched process's (through {@code jcmd Thread.print}). */
    public static String dump(String what) {
        StringBuilder out = new StringBuilder("\n===== threads after a timeout in ").append(what).append(" =====\n");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpuBefore = cpuTimes(threads);
        LockSupport.parkNanos(CPU_WINDOW_NANOS); // the window over which CPU time is measured, not a wait for a race
        Map<Long, Long> cpuAfter = cpuTimes(threads);
        for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
            long busy = cpuAfter.getOrDefault(info.getThreadId(), 0L) - cpuBefore.getOrDefault(info.getThreadId(), 0L);
            append(info, TimeUnit.NANOSECONDS.toMillis(busy), out);
        }
        for (Process process : WATCHED) {
            if (process.isAlive()) {
                out.append("\n===== threads of process ").append(process.pid()).append(" =====\n")
                        .append(jcmdThreadPrint(process.pid()));
            }
        }
        return out.append("===== end of threads =====\n").toString();
    }

    private static Map<Long, Long> cpuTimes(ThreadMXBean threads) {
        Map<Long, Long> times = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            times.put(id, threads.getThreadCpuTime(id));
        }
        return times;
    }

    /** All frames, with the locks held and waited for ({@link ThreadInfo#toString} stops at eight frames). */
    private static void append(ThreadInfo info, long cpuMillisInWindow, StringBuilder out) {
        out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState())
                .append(" cpu=").append(cpuMillisInWindow).append("ms/").append(CPU_WINDOW_NANOS / 1_000_000)
                .append("ms");
        if (info.getLockName() != null) {
            out.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
        }
        out.append('\n');
        StackTraceElement[] frames = info.getStackTrace();
        MonitorInfo[] monitors = info.getLockedMonitors();
        for (int i = 0; i < frames.length; i++) {
            out.append("\tat ").append(frames[i]).append('\n');
            for (MonitorInfo monitor : monitors) {
                if (monitor.getLockedStackDepth() == i) {
                    out.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        for (LockInfo synchronizer : info.getLockedSynchronizers()) {
            out.append("\t- holds ").append(synchronizer).append('\n');
        }
        out.append('\n');
    }

    private static String jcmdThreadPrint(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process print = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print", "-l")
                    .redirectErrorStream(true).start();
            byte[] output = print.getInputStream().readAllBytes();
            print.waitFor(30, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "jcmd failed: " + e + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted\n";
        }
    }
}
