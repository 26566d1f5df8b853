package konagw.core.jwe;

import java.util.Objects;

/** The one {@code alg}/{@code enc} pair this side uses and accepts. */
public record JweSettings(KeyManagement keyManagement, ContentEncryption contentEncryption) {

    public JweSettings {
        Objects.requireNonNull(keyManagement, "keyManagement");
        Objects.requireNonNull(contentEncryption, "contentEncryption");
    }

    /** RSA-OAEP-256 + A256GCM (PROTOCOL.md §4). */
    public static JweSettings defaults() {
        return new JweSettings(KeyManagement.RSA_OAEP_256, ContentEncryption.A256GCM);
    }

    public static JweSettings of(String alg, String enc) {
        return new JweSettings(KeyManagement.fromName(alg), ContentEncryption.fromName(enc));
    }
}
