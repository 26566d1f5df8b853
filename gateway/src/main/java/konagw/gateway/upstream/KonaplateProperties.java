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
 * every problem at once, naming the property and never a credential or key, and startup stops. The time zone and
 * instance id always apply (the embedded sandbox stamps tran times and correlation ids too); the credentials, the
 * crypto key ids, algorithms, envelope and key locations only once a base URL is set. Reading the key files is
 * {@link KonaplateSettingsResolver}'s (I/O, and again on every reload).
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

    private static final String PREFIX = "konaplate.";

    public KonaplateProperties {
        Problems problems = new Problems();
        if (baseUrl != null) {
            vendor(baseUrl, aspId, accessKey, secretKey, problems);
        }
        try {
            KonaTimeZone.of(timeZone);
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + "time-zone: " + e.getMessage()); // the supported codes; the value is no secret
        }
        if (instanceId != null && (instanceId < 0 || instanceId > CorrelationIdGenerator.MAX_INSTANCE_ID)) {
            problems.add(PREFIX + "instance-id must be between 0 and " + CorrelationIdGenerator.MAX_INSTANCE_ID);
        }
        if (baseUrl != null) {
            if (crypto == null) {
                problems.add(PREFIX + "crypto.key-id is required");
            } else {
                crypto.validate(problems);
            }
        }
        problems.throwIfAny();
    }

    public boolean embedded() {
        return baseUrl == null;
    }

    /** The zone of tran times and correlation ids (valid: checked at construction). */
    public KonaTimeZone zone() {
        return KonaTimeZone.of(timeZone);
    }

    private static void vendor(URI baseUrl, String aspId, String accessKey, String secretKey, Problems problems) {
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || baseUrl.getHost() == null) {
            problems.add(PREFIX + "base-url must be an absolute http(s) URL");
        }
        problems.requireLength(PREFIX + "asp-id", aspId, KmHeaders.ASP_ID_LENGTH);
        problems.requireLength(PREFIX + "access-key", accessKey, KmHeaders.ACCESS_KEY_LENGTH);
        problems.requireText(PREFIX + "secret-key", secretKey);
    }

    /** A key file location must be named; whether it reads is the resolver's. */
    private static void requireLocation(String property, String location, Problems problems) {
        if (location == null || location.isBlank()) {
            problems.add(property + " is required (a resource location such as file:/etc/konagw/keys/key.pem)");
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

        private static final String CRYPTO = PREFIX + "crypto.";

        /** The JWE algorithms (valid once the enclosing properties with a base URL are constructed). */
        public JweSettings jwe() {
            return new JweSettings(KeyManagement.fromName(keyManagement),
                    ContentEncryption.fromName(contentEncryption));
        }

        /** How a JWE travels (valid once the enclosing properties with a base URL are constructed). */
        public WireEnvelope wireEnvelope() {
            return WireEnvelope.parse(envelope);
        }

        /** Whether a next key id is configured (a rotation under way). */
        public boolean rotating() {
            return next != null && next.keyId() != null;
        }

        private void validate(Problems problems) {
            problems.requireLength(CRYPTO + "key-id", keyId, KmHeaders.CRYPTO_KEY_ID_LENGTH);
            try {
                KeyManagement.fromName(keyManagement);
            } catch (IllegalArgumentException e) {
                problems.add(CRYPTO + "key-management must be RSA-OAEP-256 or RSA-OAEP");
            }
            try {
                ContentEncryption.fromName(contentEncryption);
            } catch (IllegalArgumentException e) {
                problems.add(CRYPTO + "content-encryption must be A256GCM or A128GCM");
            }
            requireLocation(CRYPTO + "server-public-key", serverPublicKey, problems);
            requireLocation(CRYPTO + "client-private-key", clientPrivateKey, problems);
            if (rotating()) {
                next.validate(keyId, problems);
            }
            try {
                WireEnvelope.parse(envelope);
            } catch (IllegalArgumentException e) {
                problems.add(CRYPTO + "envelope must be 'compact' or 'json:<field>'");
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

        private static final String NEXT = PREFIX + "crypto.next.";

        private void validate(String primaryKeyId, Problems problems) {
            problems.requireLength(NEXT + "key-id", keyId, KmHeaders.CRYPTO_KEY_ID_LENGTH);
            if (keyId.equals(primaryKeyId)) {
                problems.add(NEXT + "key-id must differ from konaplate.crypto.key-id");
            }
            requireLocation(NEXT + "client-private-key", clientPrivateKey, problems);
            if (serverPublicKey != null) { // optional: requests go out under the primary key id
                requireLocation(NEXT + "server-public-key", serverPublicKey, problems);
            }
        }

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
