package konagw.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ResourceLoader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.client.CryptoKeys;
import konagw.core.client.KonaplateClient;
import konagw.gateway.config.InvalidConfigurationException;
import konagw.gateway.upstream.KeyFileDigest;
import konagw.gateway.upstream.KonaplateProperties;
import konagw.gateway.upstream.KonaplateSettingsResolver;

/**
 * Re-reads the mounted key files ({@code konaplate.crypto.*} and {@code konaplate.crypto.next.*}) every
 * {@code konaplate.crypto.reload-interval} and, when the SHA-256 of their contents changed, loads them and hands
 * the new keys to the {@link KonaplateClient} — no restart. Polling the content rather than watching the file
 * fits Kubernetes, where a Secret update swaps the {@code ..data} symlink of the directory (inotify on the file
 * itself sees nothing). Each exchange reads the client's keys once (one volatile read); exchanges in flight
 * finish with the keys they started with.
 * <p>
 * A change that does not load (unreadable file, not a key, a weak key, a private key for the wrong pair is not
 * detectable here) keeps the keys in use, logs which property and file failed — never key bytes — and counts
 * {@code konagw.keys.reload.failures} (once per content); {@code konagw.keys.reload.failing} stays 1 until the files
 * load. Only a successful load moves the digest on, so a load that failed (a read that failed mid-swap, say) is tried
 * again at every check until it succeeds, even if the files do not change again.
 * {@code konagw.keys.reload.last-success} is the epoch second of the last successful load (startup counts).
 * Reads happen on a dedicated daemon thread, never on the event loop.
 */
public final class KeyFileReloader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeyFileReloader.class);

    private final KonaplateProperties.Crypto crypto;
    private final KonaplateSettingsResolver resolver;
    private final ResourceLoader resources;
    private final KonaplateClient client;
    private final Clock clock;
    private final Duration interval;
    private final List<String> locations;
    private final Counter failures;
    private final Counter reloads;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong failing = new AtomicLong();
    /** The digest of the files whose keys are in use. */
    private byte[] loadedDigest;
    /** The digest of the content whose load failed last, so that a retry does not log and count it again. */
    private byte[] failedDigest;
    private ScheduledExecutorService executor;

    /**
     * @param startupDigest the {@link KeyFileDigest} taken before the client's keys were read from the files;
     *        {@code null} takes it now (a change since the client was built then goes unseen until the next one)
     */
    public KeyFileReloader(KonaplateProperties.Crypto crypto, KonaplateSettingsResolver resolver,
            ResourceLoader resources, KonaplateClient client, byte[] startupDigest, Clock clock, MeterRegistry meters) {
        this.crypto = crypto;
        this.resolver = resolver;
        this.resources = resources;
        this.client = client;
        this.clock = clock;
        this.interval = crypto.reloadInterval();
        this.locations = KonaplateSettingsResolver.keyLocations(crypto);
        this.failures = Counter.builder("konagw.keys.reload.failures")
                .description("changed crypto key files that could not be loaded (the previous keys stay in use)")
                .register(meters);
        this.reloads = Counter.builder("konagw.keys.reloads")
                .description("changed crypto key files loaded without a restart")
                .register(meters);
        Gauge.builder("konagw.keys.reload.last-success", lastSuccess, AtomicLong::get)
                .description("epoch second of the last successful key load (startup included)")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("konagw.keys.reload.failing", failing, AtomicLong::get)
                .description("1 while the current key files do not load (the previous keys are in use)")
                .register(meters);
        // the client was built from these files at startup: that is the first successful load
        this.loadedDigest = startupDigest != null ? startupDigest.clone() : digest();
        this.lastSuccess.set(clock.instant().getEpochSecond());
    }

    /**
     * Reads the files once and loads them if their content differs from the content of the keys in use.
     *
     * @return whether new keys are now in use
     */
    public synchronized boolean reloadIfChanged() {
        // taken before the load: if the files change again meanwhile, the next check loads them once more
        byte[] digest = digest();
        if (Arrays.equals(digest, loadedDigest)) {
            if (failedDigest != null) {
                // a broken change was put back: the files hold the keys in use again
                failedDigest = null;
                failing.set(0);
                log.info("crypto key files are back to the keys in use");
            }
            return false;
        }
        CryptoKeys keys;
        try {
            keys = resolver.resolveCrypto(crypto);
        } catch (InvalidConfigurationException e) {
            failed(digest, String.join("; ", e.problems()));
            return false;
        } catch (RuntimeException e) {
            failed(digest, e.getClass().getSimpleName());
            return false;
        }
        client.useCrypto(keys);
        loadedDigest = digest;
        failedDigest = null;
        reloads.increment();
        failing.set(0);
        lastSuccess.set(clock.instant().getEpochSecond());
        log.info("crypto key files changed: new keys in use (requests under key id {}{})", keys.cryptoKeyId(),
                crypto.rotating() ? ", answers also under next key id " + crypto.next().keyId() : "");
        return true;
    }

    /** Keeps the keys in use; logs and counts a content once, however often its load is retried. */
    private void failed(byte[] digest, String why) {
        failing.set(1);
        if (Arrays.equals(digest, failedDigest)) {
            log.debug("crypto key files still cannot be loaded: {}", why);
            return;
        }
        failedDigest = digest;
        failures.increment();
        log.error("crypto key files changed but cannot be loaded; the previous keys stay in use, retrying every {}: {}",
                interval, why);
    }

    private byte[] digest() {
        return KeyFileDigest.of(resources, locations);
    }

    private void poll() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            log.error("crypto key reload check failed ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null || interval == null || interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "konagw-key-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        log.info("crypto key files are checked for changes every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
