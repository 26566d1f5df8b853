package konagw.gateway.upstream;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Upstream connection settings under {@code konaplate.*}. Cross-field rules (lengths, readable keys, what
 * is required once a base URL is set) are checked by {@link KonaplateSettingsValidator}, which reports
 * every problem at once and never echoes a value.
 */
@ConfigurationProperties("konaplate")
public record KonaplateProperties(
        URI baseUrl,
        String aspId,
        String accessKey,
        String secretKey,
        @DefaultValue("KST") String timeZone,
        Integer instanceId,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue Crypto crypto) {

    public boolean embedded() {
        return baseUrl == null;
    }

    /**
     * @param reloadInterval how often the key files are read again and, when their content changed, loaded
     *                       ({@code konagw.gateway.keys}); 0 turns reloading off
     */
    public record Crypto(
            String keyId,
            String serverPublicKey,
            String clientPrivateKey,
            String clientPrivateKeyPassword,
            @DefaultValue("RSA-OAEP-256") String keyManagement,
            @DefaultValue("A256GCM") String contentEncryption,
            @DefaultValue("compact") String envelope,
            Next next,
            @DefaultValue("30s") Duration reloadInterval) {

        @Override
        public String toString() {
            return "Crypto[keyId=" + keyId + ", serverPublicKey=" + serverPublicKey + ", clientPrivateKey="
                    + clientPrivateKey + ", keyManagement=" + keyManagement + ", contentEncryption="
                    + contentEncryption + ", envelope=" + envelope + ", next=" + next + ", reloadInterval="
                + reloadInterval + "]";
        }
    }

    /** The second crypto key id a project may hold during a rotation. */
    public record Next(String keyId, String serverPublicKey, String clientPrivateKey, String clientPrivateKeyPassword) {

        @Override
        public String toString() {
            return "Next[keyId=" + keyId + "]";
        }
    }

    @Override
    public String toString() {
        return "KonaplateProperties[baseUrl=" + baseUrl + ", aspId=" + aspId + ", timeZone=" + timeZone
                + ", instanceId=" + instanceId + ", crypto=" + crypto + "]";
    }
}
