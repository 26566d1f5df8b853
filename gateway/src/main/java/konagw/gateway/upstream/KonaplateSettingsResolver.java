package konagw.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import konagw.core.client.CryptoKeys;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.jwe.ContentEncryption;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.KeyManagement;
import konagw.core.jwe.WireEnvelope;
import konagw.core.keys.KeyMaterialException;
import konagw.core.keys.PemKeys;
import konagw.core.protocol.ApiCredentials;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.KonaTimeZone;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.config.Problems;

/**
 * Turns {@code konaplate.*} into client settings, or refuses startup listing every problem: wrong
 * lengths, unreadable or weak keys, unknown algorithms. Messages name properties and files, never values.
 */
public final class KonaplateSettingsResolver {

    private final ResourceLoader resources;
    private final JweProvider provider;

    public KonaplateSettingsResolver(ResourceLoader resources, JweProvider provider) {
        this.provider = provider;
        this.resources = resources;
    }

    public KonaplateClientSettings resolve(KonaplateProperties p, Duration responseTimeout) {
        Problems problems = new Problems();
        String scheme = p.baseUrl().getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || p.baseUrl().getHost() == null) {
            problems.add("konaplate.base-url must be an absolute http(s) URL");
        }
        problems.requireLength("konaplate.asp-id", p.aspId(), KmHeaders.ASP_ID_LENGTH);
        problems.requireLength("konaplate.access-key", p.accessKey(), KmHeaders.ACCESS_KEY_LENGTH);
        problems.requireText("konaplate.secret-key", p.secretKey());
        KonaTimeZone zone = timeZone(p.timeZone(), problems);
        instanceId(p.instanceId(), problems);

        CryptoKeys keys = crypto(p.crypto(), problems);
        WireEnvelope envelope = envelope(p.crypto().envelope(), problems);
        problems.throwIfAny();

        return new KonaplateClientSettings(p.baseUrl(), new ApiCredentials(p.aspId(), p.accessKey(), p.secretKey()),
                keys.cryptoKeyId(), keys.encryptor(), keys.decryptor(), envelope, zone, p.connectTimeout(),
                responseTimeout);
    }

    /**
     * Reads the key files again (a reload): the primary key id with its encryptor, and a decryptor holding the
     * primary and, when configured, the next client key.
     *
     * @throws konagw.gateway.config.InvalidConfigurationException listing every problem (properties and files,
     *                                                              never key bytes)
     */
    public CryptoKeys resolveCrypto(KonaplateProperties.Crypto crypto) {
        Problems problems = new Problems();
        CryptoKeys keys = crypto(crypto, problems);
        problems.throwIfAny();
        return keys;
    }

    /** The locations of every key file the crypto settings name, in a fixed order (what a reload watches). */
    public static java.util.List<String> keyLocations(KonaplateProperties.Crypto crypto) {
        java.util.List<String> locations = new java.util.ArrayList<>();
        locations.add(crypto.serverPublicKey());
        locations.add(crypto.clientPrivateKey());
        KonaplateProperties.Next next = crypto.next();
        if (next != null && next.keyId() != null) {
            locations.add(next.serverPublicKey());
            locations.add(next.clientPrivateKey());
        }
        locations.removeIf(location -> location == null || location.isBlank());
        return locations;
    }

    /** Builds the crypto, or adds problems and returns {@code null}. */
    private CryptoKeys crypto(KonaplateProperties.Crypto crypto, Problems problems) {
        Problems own = problems;
        boolean complete = true;
        String keyId = own.requireLength("konaplate.crypto.key-id", crypto.keyId(), KmHeaders.CRYPTO_KEY_ID_LENGTH);
        JweSettings jwe = jweSettings(crypto, own);
        RSAPublicKey serverKey = publicKey("konaplate.crypto.server-public-key", crypto.serverPublicKey(), own);
        RSAPrivateKey clientKey = privateKey("konaplate.crypto.client-private-key", crypto.clientPrivateKey(),
                crypto.clientPrivateKeyPassword(), own);

        Map<String, RSAPrivateKey> decryptionKeys = new LinkedHashMap<>();
        decryptionKeys.put(keyId, clientKey);
        KonaplateProperties.Next next = crypto.next();
        if (next != null && next.keyId() != null) {
            String nextId = own.requireLength("konaplate.crypto.next.key-id", next.keyId(),
                    KmHeaders.CRYPTO_KEY_ID_LENGTH);
            if (nextId != null && nextId.equals(keyId)) {
                own.add("konaplate.crypto.next.key-id must differ from konaplate.crypto.key-id");
                complete = false;
            }
            RSAPrivateKey nextKey = privateKey("konaplate.crypto.next.client-private-key", next.clientPrivateKey(),
                    next.clientPrivateKeyPassword(), own);
            if (next.serverPublicKey() != null) {
                publicKey("konaplate.crypto.next.server-public-key", next.serverPublicKey(), own);
            }
            complete &= nextId != null && nextId.length() == KmHeaders.CRYPTO_KEY_ID_LENGTH && nextKey != null;
            decryptionKeys.put(nextId, nextKey);
        }
        complete &= keyId != null && keyId.length() == KmHeaders.CRYPTO_KEY_ID_LENGTH && jwe != null
                && serverKey != null && clientKey != null;
        if (!complete) {
            return null;
        }
        return new CryptoKeys(keyId, new JweEncryptor(serverKey, keyId, jwe, provider),
                new JweDecryptor(decryptionKeys, jwe, provider));
    }

    static KonaTimeZone timeZone(String code, Problems problems) {
        try {
            return KonaTimeZone.of(code);
        } catch (IllegalArgumentException e) {
            problems.add("konaplate.time-zone: " + e.getMessage());
            return null;
        }
    }

    static void instanceId(Integer instanceId, Problems problems) {
        if (instanceId != null && (instanceId < 0 || instanceId > CorrelationIdGenerator.MAX_INSTANCE_ID)) {
            problems.add("konaplate.instance-id must be between 0 and " + CorrelationIdGenerator.MAX_INSTANCE_ID);
        }
    }

    private static JweSettings jweSettings(KonaplateProperties.Crypto crypto, Problems problems) {
        KeyManagement keyManagement = null;
        ContentEncryption contentEncryption = null;
        try {
            keyManagement = KeyManagement.fromName(crypto.keyManagement());
        } catch (IllegalArgumentException e) {
            problems.add("konaplate.crypto.key-management must be RSA-OAEP-256 or RSA-OAEP");
        }
        try {
            contentEncryption = ContentEncryption.fromName(crypto.contentEncryption());
        } catch (IllegalArgumentException e) {
            problems.add("konaplate.crypto.content-encryption must be A256GCM or A128GCM");
        }
        return keyManagement == null || contentEncryption == null ? null
                : new JweSettings(keyManagement, contentEncryption);
    }

    private static WireEnvelope envelope(String value, Problems problems) {
        try {
            return WireEnvelope.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add("konaplate.crypto.envelope must be 'compact' or 'json:<field>'");
            return null;
        }
    }

    private RSAPublicKey publicKey(String property, String location, Problems problems) {
        byte[] pem = read(property, location, problems);
        if (pem == null) {
            return null;
        }
        try {
            return PemKeys.readPublicKey(location, pem);
        } catch (KeyMaterialException e) {
            problems.add(property + ": " + e.getMessage());
            return null;
        }
    }

    private RSAPrivateKey privateKey(String property, String location, String password, Problems problems) {
        byte[] pem = read(property, location, problems);
        if (pem == null) {
            return null;
        }
        try {
            return PemKeys.readPrivateKey(location, pem, password == null ? null : password.toCharArray());
        } catch (KeyMaterialException e) {
            problems.add(property + ": " + e.getMessage());
            return null;
        }
    }

    byte[] read(String property, String location, Problems problems) {
        if (location == null || location.isBlank()) {
            problems.add(property + " is required (a resource location such as file:/etc/konagw/keys/key.pem)");
            return null;
        }
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            problems.add(property + ": cannot read " + location + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
