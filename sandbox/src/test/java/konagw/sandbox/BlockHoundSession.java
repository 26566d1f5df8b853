package konagw.sandbox;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound before any sandbox test runs: a blocking call on an event loop (the sandbox's or a test
 * client's) or on a non-blocking Reactor thread fails the exchange, as it would in the gateway's integration tests.
 */
public final class BlockHoundSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        BlockHound.install();
    }
}
