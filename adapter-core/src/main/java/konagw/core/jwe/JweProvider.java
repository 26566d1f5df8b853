package konagw.core.jwe;

import java.security.Provider;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JCA provider does the JWE work: {@code jdk} (the JDK's own, default), {@code bc} (BouncyCastle) or
 * {@code accp} (Amazon Corretto Crypto Provider, native; ~1.6× faster at the RSA private-key operation).
 * Selected by the system property or Spring property {@code konagw.crypto.provider} (passed as
 * {@code -Dkonagw.crypto.provider=accp}) or the environment variable {@code KONAGW_CRYPTO_PROVIDER}; the gateway
 * resolves its {@code auto} default through {@link JweProviderSelection}.
 * ACCP is looked up reflectively, on the class path first, then as a jar bundled for this platform
 * ({@link AccpLoader}): where neither loads, {@link #usable()} falls back to {@code jdk} with a warning.
 */
public enum JweProvider {
    JDK, BC, ACCP;

    public static final String PROPERTY = "konagw.crypto.provider";
    public static final String ENVIRONMENT = "KONAGW_CRYPTO_PROVIDER";

    private static final Logger log = LoggerFactory.getLogger(JweProvider.class);

    /** {@code jdk}, {@code bc}, {@code accp} (case-insensitive); blank means {@code jdk}. */
    public static JweProvider fromName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "", "jdk", "default", "sun" -> JDK;
            case "bc", "bouncycastle" -> BC;
            case "accp", "corretto" -> ACCP;
            default -> throw new IllegalArgumentException(PROPERTY + ": unknown provider '" + name
                    + "'; supported: jdk, bc, accp");
        };
    }

    /** The provider the process is configured for (system property, then environment), already {@link #usable()}. */
    public static JweProvider configured() {
        String name = System.getProperty(PROPERTY);
        if (name == null) {
            name = System.getenv(ENVIRONMENT);
        }
        return fromName(name).usable();
    }

    /** This provider, or {@link #JDK} (with a warning) when it cannot be loaded here. */
    public JweProvider usable() {
        if (this == ACCP && Accp.INSTANCE == null) {
            log.warn("{}=accp: Amazon Corretto Crypto Provider unavailable ({}); falling back to jdk", PROPERTY,
                    Accp.PROBLEM);
            return JDK;
        }
        return this;
    }

    /** Why ACCP cannot be used here, or {@code null} when it loaded (the first call loads it). */
    public static String accpProblem() {
        return Accp.PROBLEM;
    }

    /** The JCA provider, or {@code null} for the JDK's default provider chain. */
    public Provider jca() {
        return switch (this) {
            case JDK -> null;
            case BC -> Bc.INSTANCE;
            case ACCP -> {
                if (Accp.INSTANCE == null) {
                    throw new IllegalStateException("ACCP unavailable: " + Accp.PROBLEM);
                }
                yield Accp.INSTANCE;
            }
        };
    }

    private static final class Bc {
        static final Provider INSTANCE = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    private static final class Accp {
        static final Provider INSTANCE;
        static final String PROBLEM;

        static {
            Provider provider = null;
            String problem = null;
            try {
                Class<?> type = accpClass();
                Provider p = (Provider) type.getField("INSTANCE").get(null);
                Object error = type.getMethod("getLoadingError").invoke(p);
                if (error != null) {
                    problem = "native library did not load: " + error;
                } else {
                    type.getMethod("assertHealthy").invoke(p);
                    provider = p;
                }
            } catch (ClassNotFoundException e) {
                problem = e.getMessage();
            } catch (java.io.IOException e) {
                problem = "its bundled jar could not be copied out: " + e.getMessage();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable cause = (e instanceof java.lang.reflect.InvocationTargetException
                        || e instanceof ExceptionInInitializerError) && e.getCause() != null ? e.getCause() : e;
                problem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            INSTANCE = provider;
            PROBLEM = problem;
        }

        /** From the class path when it is there (e.g. {@code -Dloader.path}), else the jar bundled for this platform. */
        private static Class<?> accpClass() throws ClassNotFoundException, java.io.IOException {
            try {
                return Class.forName(AccpLoader.PROVIDER_CLASS);
            } catch (ClassNotFoundException notOnClassPath) {
                return AccpLoader.load(JweProvider.class.getClassLoader());
            }
        }
    }
}
