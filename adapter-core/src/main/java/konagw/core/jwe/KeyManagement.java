package konagw.core.jwe;

import com.nimbusds.jose.JWEAlgorithm;
import java.util.Locale;

/** The JWE {@code alg}: how the content key is wrapped under the recipient's RSA key. */
public enum KeyManagement {
    RSA_OAEP_256("RSA-OAEP-256", JWEAlgorithm.RSA_OAEP_256),
    RSA_OAEP("RSA-OAEP", JWEAlgorithm.RSA_OAEP);

    private final String jweName;
    private final JWEAlgorithm nimbus;

    KeyManagement(String jweName, JWEAlgorithm nimbus) {
        this.jweName = jweName;
        this.nimbus = nimbus;
    }

    public String jweName() {
        return jweName;
    }

    JWEAlgorithm nimbus() {
        return nimbus;
    }

    /** Accepts the JWE name or the enum name, case-insensitive: {@code RSA-OAEP-256}, {@code rsa_oaep_256}. */
    public static KeyManagement fromName(String name) {
        String normalized = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        for (KeyManagement k : values()) {
            if (k.jweName.equals(normalized)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unsupported JWE alg '" + name + "'; supported: RSA-OAEP-256, RSA-OAEP");
    }
}
