package konagw.core.jwe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads Amazon Corretto Crypto Provider from a jar bundled as a resource: an application that carries ACCP (the
 * gateway) puts its per-platform builds at {@code konagw/accp/<classifier>.jar} ({@code linux-x86_64},
 * {@code linux-aarch_64}). They cannot simply share the class path: both hold their native library under the same
 * resource name, and ACCP finds it by a class-relative lookup that returns the first match on the class path. So the
 * jar for this {@code os.arch} is copied to a private temporary directory and loaded by a class loader of its own;
 * its parent holds no ACCP, so the lookup finds the native library of the right build.
 */
final class AccpLoader {

    static final String RESOURCES = "konagw/accp/";
    static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    /** ACCP's own setting for where it extracts its native library; the jar goes there too. */
    static final String TMPDIR_PROPERTY = "com.amazon.corretto.crypto.provider.tmpdir";

    private AccpLoader() {
    }

    /** The classifier of ACCP's build for this OS and architecture, or {@code null} where it publishes none. */
    static String classifier(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return null;
        }
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-aarch_64";
            default -> null;
        };
    }

    /**
     * ACCP's provider class from the bundled jar of this platform, found through {@code parent}.
     *
     * @throws ClassNotFoundException naming why, when no jar is bundled for this platform
     * @throws IOException when the jar cannot be copied out (a full or read-only temporary directory)
     */
    static Class<?> load(ClassLoader parent) throws ClassNotFoundException, IOException {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        String classifier = classifier(os, arch);
        if (classifier == null) {
            throw new ClassNotFoundException("no ACCP build for " + os + "/" + arch);
        }
        String resource = RESOURCES + classifier + ".jar";
        URL bundled = parent.getResource(resource);
        if (bundled == null) {
            throw new ClassNotFoundException("not on the class path, and no " + resource + " bundled");
        }
        Path directory = Files.createTempDirectory(Path.of(System.getProperty(TMPDIR_PROPERTY,
                System.getProperty("java.io.tmpdir"))), "konagw-accp-");
        Path jar = directory.resolve("AmazonCorrettoCryptoProvider-" + classifier + ".jar");
        // deleted in reverse order of registration: the jar, then its directory
        directory.toFile().deleteOnExit();
        jar.toFile().deleteOnExit();
        try (InputStream in = bundled.openStream()) {
            Files.copy(in, jar);
        }
        // never closed: ACCP's classes and native library live as long as the process
        @SuppressWarnings("resource")
        URLClassLoader loader = new URLClassLoader("accp", new URL[] {jar.toUri().toURL()}, parent);
        return Class.forName(PROVIDER_CLASS, true, loader);
    }
}
