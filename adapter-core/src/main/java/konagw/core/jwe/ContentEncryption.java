package konagw.core.jwe;

import com.nimbusds.jose.EncryptionMethod;
import java.util.Locale;

/** The JWE {@code enc}: AES-GCM content encryption. */
public enum ContentEncryption {
    A256GCM("A256GCM", EncryptionMethod.A256GCM),
    A128GCM("A128GCM", EncryptionMethod.A128GCM);

    private final String jweName;
    private final EncryptionMethod nimbus;

    ContentEncryption(String jweName, EncryptionMethod nimbus) {
        this.jweName = jweName;
        this.nimbus = nimbus;
    }

    public String jweName() {
        return jweName;
    }

    EncryptionMethod nimbus() {
        return nimbus;
    }

    /** Accepts {@code A256GCM} / {@code A128GCM}, case-insensitive. */
    public static ContentEncryption fromName(String name) {
        String normalized = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        for (ContentEncryption c : values()) {
            if (c.jweName.equals(normalized)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unsupported JWE enc '" + name + "'; supported: A256GCM, A128GCM");
    }
}
