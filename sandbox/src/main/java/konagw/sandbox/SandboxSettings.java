package konagw.sandbox;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterial;
import konagw.core.protocol.ApiCredentials;
import konagw.core.protocol.KmHeaders;

/**
 * Everything a {@link SandboxServer} needs. {@link #builder()} generates whatever is not given: credentials
 * (ASP id {@value Builder#DEFAULT_ASP_ID}, a random 40-character access key, a random secret), a 32-hex crypto
 * key id and both RSA-2048 key pairs.
 *
 * @param host            address to bind ({@code 127.0.0.1} by default)
 * @param port            port to bind, 0 for a free one
 * @param credentials     the ASP id, access key and secret key the sandbox expects
 * @param cryptoKeyId     the crypto key id requests must carry (header and JWE {@code kid})
 * @param serverKeys      the vendor's server key pair: requests are decrypted with its private half, its public
 *                        half goes to the gateway as a self-signed certificate
 * @param clientPublicKey the gateway's client public key: answers are encrypted to it
 * @param jwe             the JWE {@code alg}/{@code enc} requests must use and answers use
 * @param envelope        how the JWE travels in the HTTP body
 * @param skew            how far correlation-id and tran-time timestamps may be from the sandbox's clock
 * @param encryptErrors   whether vendor errors (4xx with a code) are encrypted like successes
 * @param extraClientKeys further crypto key ids (32 characters) with their client public keys, for key rotation;
 *                        requests under them are decrypted with the same server key
 * @param clientPrivateKey the private half of {@code clientPublicKey} when the builder generated it (so that
 *                        {@link SandboxKeys} can hand it to the gateway), otherwise {@code null}
 * @param provider        the JCA provider of the JWE work; {@code null}: the process's
 *                        {@link JweProvider#configured() configured} one
 */
public record SandboxSettings(String host, int port, ApiCredentials credentials, String cryptoKeyId, KeyPair serverKeys,
                              RSAPublicKey clientPublicKey, JweSettings jwe, WireEnvelope envelope, Duration skew,
                              boolean encryptErrors, Map<String, RSAPublicKey> extraClientKeys,
                              RSAPrivateKey clientPrivateKey, JweProvider provider) {

    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(credentials, "credentials");
        requireKeyId(cryptoKeyId, "cryptoKeyId");
        Objects.requireNonNull(serverKeys, "serverKeys");
        if (!(serverKeys.getPrivate() instanceof RSAPrivateKey) || !(serverKeys.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("serverKeys must be an RSA key pair");
        }
        Objects.requireNonNull(clientPublicKey, "clientPublicKey");
        Objects.requireNonNull(jwe, "jwe");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(skew, "skew");
        if (skew.isNegative() || skew.isZero()) {
            throw new IllegalArgumentException("skew must be positive, was " + skew);
        }
        extraClientKeys = extraClientKeys == null ? Map.of() : Map.copyOf(extraClientKeys);
        for (String kid : extraClientKeys.keySet()) {
            requireKeyId(kid, "extraClientKeys key");
            if (kid.equals(cryptoKeyId)) {
                throw new IllegalArgumentException("extraClientKeys must not repeat cryptoKeyId");
            }
        }
        if (clientPrivateKey != null && !clientPrivateKey.getModulus().equals(clientPublicKey.getModulus())) {
            throw new IllegalArgumentException("clientPrivateKey does not belong to clientPublicKey");
        }
        provider = provider == null ? JweProvider.configured() : provider.usable();
    }

    /** The constructor without the generated client private key. */
    public SandboxSettings(String host, int port, ApiCredentials credentials, String cryptoKeyId, KeyPair serverKeys,
                           RSAPublicKey clientPublicKey, JweSettings jwe, WireEnvelope envelope, Duration skew,
                           boolean encryptErrors, Map<String, RSAPublicKey> extraClientKeys) {
        this(host, port, credentials, cryptoKeyId, serverKeys, clientPublicKey, jwe, envelope, skew, encryptErrors,
                extraClientKeys, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder().host(host).port(port).credentials(credentials).cryptoKeyId(cryptoKeyId)
                .serverKeys(serverKeys).jwe(jwe).envelope(envelope).skew(skew).encryptErrors(encryptErrors)
                .extraClientKeys(extraClientKeys).provider(provider);
        b.clientPublicKey = clientPublicKey;
        b.clientPrivateKey = clientPrivateKey;
        return b;
    }

    @Override
    public String toString() {
        return "SandboxSettings[host=" + host + ", port=" + port + ", credentials=" + credentials
                + ", cryptoKeyId=" + cryptoKeyId + ", jwe=" + jwe + ", envelope=" + envelope + ", skew=" + skew
                + ", encryptErrors=" + encryptErrors + ", extraKeyIds=" + extraClientKeys.keySet() + ", provider="
                + provider + "]";
    }

    private static void requireKeyId(String kid, String what) {
        Objects.requireNonNull(kid, what);
        if (kid.length() != KmHeaders.CRYPTO_KEY_ID_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + KmHeaders.CRYPTO_KEY_ID_LENGTH
                    + " characters, was " + kid.length());
        }
    }

    public static final class Builder {
        public static final String DEFAULT_ASP_ID = "KONAGWSANDBOX01";
        public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);
        private static final String ALPHANUMERIC =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private static final SecureRandom RANDOM = new SecureRandom();

        private String host = "127.0.0.1";
        private int port;
        private ApiCredentials credentials;
        private String cryptoKeyId;
        private KeyPair serverKeys;
        private RSAPublicKey clientPublicKey;
        private RSAPrivateKey clientPrivateKey;
        private JweProvider provider;
        private JweSettings jwe = JweSettings.defaults();
        private WireEnvelope envelope = WireEnvelope.compact();
        private Duration skew = DEFAULT_SKEW;
        private boolean encryptErrors;
        private final Map<String, RSAPublicKey> extraClientKeys = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder credentials(ApiCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder cryptoKeyId(String cryptoKeyId) {
            this.cryptoKeyId = cryptoKeyId;
            return this;
        }

        public Builder serverKeys(KeyPair serverKeys) {
            this.serverKeys = serverKeys;
            return this;
        }

        /** The gateway's client public key (answers are encrypted to it); the builder then has no client private key. */
        public Builder clientPublicKey(RSAPublicKey clientPublicKey) {
            this.clientPublicKey = clientPublicKey;
            this.clientPrivateKey = null;
            return this;
        }

        /** A whole client key pair: its public half encrypts answers, its private half is offered via {@link SandboxKeys}. */
        public Builder clientKeys(KeyPair clientKeys) {
            this.clientPublicKey = (RSAPublicKey) clientKeys.getPublic();
            this.clientPrivateKey = (RSAPrivateKey) clientKeys.getPrivate();
            return this;
        }

        public Builder jwe(JweSettings jwe) {
            this.jwe = jwe;
            return this;
        }

        public Builder envelope(WireEnvelope envelope) {
            this.envelope = envelope;
            return this;
        }

        public Builder skew(Duration skew) {
            this.skew = skew;
            return this;
        }

        public Builder encryptErrors(boolean encryptErrors) {
            this.encryptErrors = encryptErrors;
            return this;
        }

        public Builder extraClientKey(String keyId, RSAPublicKey clientPublicKey) {
            this.extraClientKeys.put(keyId, clientPublicKey);
            return this;
        }

        /** The JCA provider of the JWE work; unset: the process's {@link JweProvider#configured() configured} one. */
        public Builder provider(JweProvider provider) {
            this.provider = provider;
            return this;
        }

        public Builder extraClientKeys(Map<String, RSAPublicKey> extraClientKeys) {
            this.extraClientKeys.clear();
            if (extraClientKeys != null) {
                this.extraClientKeys.putAll(extraClientKeys);
            }
            return this;
        }

        /** Builds the settings, generating credentials, key id and key pairs that were not given. */
        public SandboxSettings build() {
            ApiCredentials creds = credentials != null ? credentials
                    : new ApiCredentials(DEFAULT_ASP_ID, randomAlphanumeric(40), randomAlphanumeric(32));
            String kid = cryptoKeyId != null ? cryptoKeyId : randomHex(16);
            KeyPair server = serverKeys != null ? serverKeys : KeyMaterial.generateRsa2048();
            RSAPublicKey clientPublic = clientPublicKey;
            RSAPrivateKey clientPrivate = clientPrivateKey;
            if (clientPublic == null) {
                KeyPair client = KeyMaterial.generateRsa2048();
                clientPublic = (RSAPublicKey) client.getPublic();
                clientPrivate = (RSAPrivateKey) client.getPrivate();
            }
            return new SandboxSettings(host, port, creds, kid, server, clientPublic, jwe, envelope, skew, encryptErrors,
                    extraClientKeys, clientPrivate, provider);
        }

        static String randomAlphanumeric(int length) {
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
            }
            return sb.toString();
        }

        static String randomHex(int bytes) {
            byte[] b = new byte[bytes];
            RANDOM.nextBytes(b);
            return HexFormat.of().formatHex(b);
        }
    }
}
