package konagw.core.jwe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Loads Amazon Corretto Crypto Provider from a jar bundled as a resource: an application that carries ACCP (the
 * gateway) puts its per-platform builds at {@code konagw/accp/<classifier>.jar} ({@code linux-x86_64},
 * {@code linux-aarch_64}). They cannot simply share the class path: both hold their native library under the same
 * resource name, and ACCP finds it by a class-relative lookup that returns the first match on the class path. So the
 * jar for this {@code os.arch} is copied to the temporary directory (once per content) and loaded by a class loader of its own;
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
        Path jar = copiedOut(bundled, classifier);
        // never closed: ACCP's classes and native library live as long as the process
        @SuppressWarnings("resource")
        URLClassLoader loader = new URLClassLoader("accp", new URL[] {jar.toUri().toURL()}, parent);
        return Class.forName(PROVIDER_CLASS, true, loader);
    }

    /**
     * The bundled jar as a file, one per content: {@code konagw-accp-<digest>/} in the temporary directory, written
     * once (to a temporary name, then moved into place) and reused by every later start. Not deleted on exit: a pod
     * whose container restarts (a crash loop, an OOM kill) keeps its {@code /tmp}, and a copy per start would fill it.
     */
    static Path copiedOut(URL bundled, String classifier) throws IOException {
        byte[] content;
        try (InputStream in = bundled.openStream()) {
            content = in.readAllBytes();
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        Path directory = Path.of(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")),
                "konagw-accp-" + digest);
        Files.createDirectories(directory);
        Path jar = directory.resolve("AmazonCorrettoCryptoProvider-" + classifier + ".jar");
        if (Files.isRegularFile(jar) && Arrays.equals(Files.readAllBytes(jar), content)) {
            return jar;
        }
        Path partial = Files.createTempFile(directory, "partial-", ".jar");
        try {
            Files.write(partial, content);
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return jar;
    }
}
