package konagw.gateway.upstream;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.ContentEncryption;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.KeyManagement;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.gateway.config.Problems;

/**
 * Upstream connection settings under {@code konaplate.*}, checked where they are bound (the compact constructor):
 * every problem at once, naming the property and never its value. The time zone and instance id always apply; the
 * vendor's credentials, key ids and algorithms are required once a base URL is set. The key files are read (and
 * their problems reported) by {@link KonaplateSettingsResolver}, at startup and on every reload.
 *
 * @param baseUrl        Vendor base URL, e.g. https://host/open-api; unset runs the embedded sandbox (local use only).
 * @param aspId          ASP id issued by the vendor, 15 characters.
 * @param accessKey      Access key issued by the vendor, 40 characters.
 * @param secretKey      Secret key issued by the vendor: the HMAC key of the tran token, UTF-8 as issued.
 * @param timeZone       Zone of tran times and correlation ids: KST, UTC, JST or GMT.
 * @param instanceId     This replica's id in correlation ids, 0-1023; unset: leased from Redis (without Redis, a hash
 *                       of the host name).
 * @param connectTimeout TCP connect timeout to the vendor.
 * @param crypto         JWE keys and algorithms of the exchanges with the vendor.
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

    public KonaplateProperties {
        Problems problems = new Problems();
        zone(timeZone, problems);
        if (instanceId != null && (instanceId < 0 || instanceId > CorrelationIdGenerator.MAX_INSTANCE_ID)) {
            problems.add("konaplate.instance-id must be between 0 and " + CorrelationIdGenerator.MAX_INSTANCE_ID);
        }
        if (baseUrl != null) {
            String scheme = baseUrl.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || baseUrl.getHost() == null) {
                problems.add("konaplate.base-url must be an absolute http(s) URL");
            }
            problems.requireLength("konaplate.asp-id", aspId, KmHeaders.ASP_ID_LENGTH);
            problems.requireLength("konaplate.access-key", accessKey, KmHeaders.ACCESS_KEY_LENGTH);
            problems.requireText("konaplate.secret-key", secretKey);
            if (crypto != null) {
                crypto.validate(problems);
            }
        }
        problems.throwIfAny();
    }

    public boolean embedded() {
        return baseUrl == null;
    }

    /** The zone of tran times and correlation ids (valid: checked where bound). */
    public KonaTimeZone zone() {
        return KonaTimeZone.of(timeZone);
    }

    private static void zone(String code, Problems problems) {
        try {
            KonaTimeZone.of(code);
        } catch (IllegalArgumentException e) {
            problems.add("konaplate.time-zone: " + e.getMessage());
        }
    }

    /**
     * The crypto key the requests go out under, and the algorithms.
     *
     * @param keyId                    Crypto key id requests go out under, 32 characters.
     * @param serverPublicKey          Resource location of the vendor's certificate or SPKI public key (PEM).
     * @param clientPrivateKey         Resource location of our private key (PEM, PKCS#8 or PKCS#1, RSA of at least 2048
     *                                 bits).
     * @param clientPrivateKeyPassword Password of an encrypted PKCS#8 private key.
     * @param keyManagement            JWE key management algorithm: RSA-OAEP-256 or RSA-OAEP.
     * @param contentEncryption        JWE content encryption: A256GCM or A128GCM.
     * @param envelope                 How a JWE travels: compact (the body is the JWE, application/jose) or json:field
     *                                 (a JSON object with the JWE in that field).
     * @param next                     Second key id a project may hold during a key rotation: answers under either key
     *                                 id decrypt.
     * @param reloadInterval           How often the key files are checked for changes and reloaded; 0 turns reloading
     *                                 off.
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

        /** The JWE algorithms (valid once a base URL is set: checked where bound). */
        public JweSettings jwe() {
            return new JweSettings(KeyManagement.fromName(keyManagement), ContentEncryption.fromName(contentEncryption));
        }

        /** How a JWE travels (valid once a base URL is set: checked where bound). */
        public WireEnvelope wireEnvelope() {
            return WireEnvelope.parse(envelope);
        }

        private void validate(Problems problems) {
            String id = problems.requireLength("konaplate.crypto.key-id", keyId, KmHeaders.CRYPTO_KEY_ID_LENGTH);
            try {
                KeyManagement.fromName(keyManagement);
            } catch (IllegalArgumentException e) {
                problems.add("konaplate.crypto.key-management must be RSA-OAEP-256 or RSA-OAEP");
            }
            try {
                ContentEncryption.fromName(contentEncryption);
            } catch (IllegalArgumentException e) {
                problems.add("konaplate.crypto.content-encryption must be A256GCM or A128GCM");
            }
            try {
                WireEnvelope.parse(envelope);
            } catch (IllegalArgumentException e) {
                problems.add("konaplate.crypto.envelope must be 'compact' or 'json:<field>'");
            }
            if (next != null && next.keyId() != null) {
                String nextId = problems.requireLength("konaplate.crypto.next.key-id", next.keyId(),
                        KmHeaders.CRYPTO_KEY_ID_LENGTH);
                if (nextId.equals(id)) {
                    problems.add("konaplate.crypto.next.key-id must differ from konaplate.crypto.key-id");
                }
            }
        }

        @Override
        public String toString() {
            return "Crypto[keyId=" + keyId + ", serverPublicKey=" + serverPublicKey + ", clientPrivateKey="
                    + clientPrivateKey + ", keyManagement=" + keyManagement + ", contentEncryption="
                    + contentEncryption + ", envelope=" + envelope + ", next=" + next + ", reloadInterval="
                + reloadInterval + "]";
        }
    }

    /**
     * The second crypto key id a project may hold during a rotation.
     *
     * @param keyId                    Crypto key id of the next key, 32 characters, not the primary's.
     * @param serverPublicKey          Resource location of the vendor's certificate or SPKI public key (PEM) for the
     *                                 next key id.
     * @param clientPrivateKey         Resource location of our private key (PEM) for the next key id.
     * @param clientPrivateKeyPassword Password of the next key id's encrypted PKCS#8 private key.
     */
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
