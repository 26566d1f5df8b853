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
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;
import konagw.core.keys.KeyMaterialException;
import konagw.core.keys.PemKeys;
import konagw.core.protocol.ApiCredentials;
import konagw.gateway.config.Problems;

/**
 * Turns {@code konaplate.*} (its shape checked where bound, {@link KonaplateProperties}) into client settings by
 * reading the key files, or refuses startup listing every problem: unreadable, missing or weak keys. Messages name
 * properties and files, never values or key bytes.
 */
public final class KonaplateSettingsResolver {

    private final ResourceLoader resources;
    private final JweProvider provider;

    public KonaplateSettingsResolver(ResourceLoader resources, JweProvider provider) {
        this.provider = provider;
        this.resources = resources;
    }

    public KonaplateClientSettings resolve(KonaplateProperties p, Duration responseTimeout) {
        CryptoKeys keys = resolveCrypto(p.crypto());
        return new KonaplateClientSettings(p.baseUrl(), new ApiCredentials(p.aspId(), p.accessKey(), p.secretKey()),
                keys.cryptoKeyId(), keys.encryptor(), keys.decryptor(), p.crypto().wireEnvelope(), p.zone(),
                p.connectTimeout(), responseTimeout);
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

    /** Builds the crypto from its key files, or adds problems and returns {@code null}. */
    private CryptoKeys crypto(KonaplateProperties.Crypto crypto, Problems problems) {
        JweSettings jwe = crypto.jwe();
        String keyId = crypto.keyId();
        RSAPublicKey serverKey = publicKey("konaplate.crypto.server-public-key", crypto.serverPublicKey(), problems);
        RSAPrivateKey clientKey = privateKey("konaplate.crypto.client-private-key", crypto.clientPrivateKey(),
                crypto.clientPrivateKeyPassword(), problems);
        boolean complete = serverKey != null && clientKey != null;

        Map<String, RSAPrivateKey> decryptionKeys = new LinkedHashMap<>();
        decryptionKeys.put(keyId, clientKey);
        KonaplateProperties.Next next = crypto.next();
        if (next != null && next.keyId() != null) {
            RSAPrivateKey nextKey = privateKey("konaplate.crypto.next.client-private-key", next.clientPrivateKey(),
                    next.clientPrivateKeyPassword(), problems);
            if (next.serverPublicKey() != null) {
                publicKey("konaplate.crypto.next.server-public-key", next.serverPublicKey(), problems);
            }
            complete &= nextKey != null;
            decryptionKeys.put(next.keyId(), nextKey);
        }
        if (!complete) {
            return null;
        }
        return new CryptoKeys(keyId, new JweEncryptor(serverKey, keyId, jwe, provider),
                new JweDecryptor(decryptionKeys, jwe, provider));
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
