package konagw.bench.micro;

import java.security.Provider;
import java.security.Security;

import konagw.core.jwe.JweProvider;

/** Puts the benchmark's provider first in the JCA chain (each JMH fork is its own JVM, so this stays per run). */
final class CryptoProviders {

    private CryptoProviders() {
    }

    /** @return the provider actually in use (ACCP falls back to jdk with a warning when its native part cannot load) */
    static JweProvider install(String name) {
        JweProvider requested = JweProvider.fromName(name);
        JweProvider usable = requested.usable();
        if (usable != requested) {
            throw new IllegalStateException("provider " + name + " is not usable on this machine");
        }
        Provider p = usable.jca();
        if (p != null && Security.getProvider(p.getName()) == null) {
            Security.insertProviderAt(p, 1);
        }
        return usable;
    }
}
