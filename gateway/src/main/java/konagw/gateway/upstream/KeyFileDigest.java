package konagw.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.springframework.core.io.ResourceLoader;

/** SHA-256 over key file locations and their bytes: what a key reload compares to see a change. */
public final class KeyFileDigest {

    private KeyFileDigest() {
    }

    /** An unreadable file contributes a marker, not an error. */
    public static byte[] of(ResourceLoader resources, List<String> locations) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String location : locations) {
            sha256.update(location.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            try (InputStream in = resources.getResource(location).getInputStream()) {
                sha256.update((byte) 1);
                sha256.update(in.readAllBytes());
            } catch (IOException e) {
                sha256.update((byte) 2);
            }
            sha256.update((byte) 0);
        }
        return sha256.digest();
    }
}
