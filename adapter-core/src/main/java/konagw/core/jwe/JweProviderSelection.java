package konagw.core.jwe;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@code konagw.crypto.provider} name resolved to the provider that does the JWE work here, and why.
 * {@code auto} (also blank) takes ACCP where it loads and the JDK's provider elsewhere; {@code jdk}, {@code bc}
 * and {@code accp} are taken as given, and an {@code accp} that cannot load here is refused rather than
 * silently replaced (whoever names it expects its speed).
 *
 * @param provider the provider in use
 * @param reason   {@code auto}, {@code auto; …why not ACCP} or {@code configured}
 */
public record JweProviderSelection(JweProvider provider, String reason) {

    public static final String AUTO = "auto";

    /** {@link #select(String, Supplier)} against whether ACCP loads in this process (loading it if needed). */
    public static JweProviderSelection select(String name) {
        return select(name, () -> Optional.ofNullable(JweProvider.accpProblem()));
    }

    /**
     * @param accpProblem why ACCP cannot load here, empty when it loads; asked only for {@code auto} and {@code accp}
     * @throws IllegalArgumentException for an unknown name, or {@code accp} where it cannot load
     */
    public static JweProviderSelection select(String name, Supplier<Optional<String>> accpProblem) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals(AUTO)) {
            return accpProblem.get()
                    .map(problem -> new JweProviderSelection(JweProvider.JDK, AUTO + "; ACCP unavailable: " + problem))
                    .orElseGet(() -> new JweProviderSelection(JweProvider.ACCP, AUTO));
        }
        JweProvider provider;
        try {
            provider = JweProvider.fromName(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JweProvider.PROPERTY + ": unknown provider '" + name
                    + "'; supported: auto, jdk, bc, accp");
        }
        if (provider == JweProvider.ACCP) {
            accpProblem.get().ifPresent(problem -> {
                throw new IllegalArgumentException(JweProvider.PROPERTY + "=accp: Amazon Corretto Crypto Provider "
                        + "cannot load here (" + problem + "); use auto (ACCP where it loads, else jdk) or jdk");
            });
        }
        return new JweProviderSelection(provider, "configured");
    }

    /** For the startup line: {@code accp (auto)}. */
    public String describe() {
        return provider.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
    }
}
