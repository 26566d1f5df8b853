package konagw.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Turns validated {@code konaplate.*} (a base URL set: {@link KonaplateProperties} checked its shape where it was
 * bound) into client settings by reading the key files, or refuses listing every unreadable, malformed or weak key.
 * Messages name properties and files, never key bytes.
 */
public final class KonaplateSettingsResolver {

    private final ResourceLoader resources;
    private final JweProvider provider;

    public KonaplateSettingsResolver(ResourceLoader resources, JweProvider provider) {
        this.provider = provider;
        this.resources = resources;
    }

    public KonaplateClientSettings resolve(KonaplateProperties p, Duration responseTimeout) {
        if (p.embedded()) {
            throw new IllegalArgumentException("konaplate.base-url is not set: the embedded sandbox has no key files");
        }
        CryptoKeys keys = resolveCrypto(p.crypto());
        return new KonaplateClientSettings(p.baseUrl(), new ApiCredentials(p.aspId(), p.accessKey(), p.secretKey()),
                keys.cryptoKeyId(), keys.encryptor(), keys.decryptor(), p.crypto().wireEnvelope(), p.zone(),
                p.connectTimeout(), responseTimeout);
    }

    /**
     * Reads the key files (at startup and on a reload): the primary key id with its encryptor, and a decryptor
     * holding the primary and, when configured, the next client key.
     *
     * @throws konagw.gateway.config.InvalidConfigurationException listing every problem (properties and files,
     *                                                              never key bytes)
     */
    public CryptoKeys resolveCrypto(KonaplateProperties.Crypto crypto) {
        Problems problems = new Problems();
        RSAPublicKey serverKey = publicKey("konaplate.crypto.server-public-key", crypto.serverPublicKey(), problems);
        RSAPrivateKey clientKey = privateKey("konaplate.crypto.client-private-key", crypto.clientPrivateKey(),
                crypto.clientPrivateKeyPassword(), problems);
        Map<String, RSAPrivateKey> decryptionKeys = new LinkedHashMap<>();
        decryptionKeys.put(crypto.keyId(), clientKey);
        if (crypto.rotating()) {
            KonaplateProperties.Next next = crypto.next();
            decryptionKeys.put(next.keyId(), privateKey("konaplate.crypto.next.client-private-key",
                    next.clientPrivateKey(), next.clientPrivateKeyPassword(), problems));
            if (next.serverPublicKey() != null) {
                // unused while requests go out under the primary, but a broken file fails now, not at the switch
                publicKey("konaplate.crypto.next.server-public-key", next.serverPublicKey(), problems);
            }
        }
        problems.throwIfAny();
        JweSettings jwe = crypto.jwe();
        return new CryptoKeys(crypto.keyId(), new JweEncryptor(serverKey, crypto.keyId(), jwe, provider),
                new JweDecryptor(decryptionKeys, jwe, provider));
    }

    /** The locations of every key file the crypto settings name, in a fixed order (what a reload watches). */
    public static List<String> keyLocations(KonaplateProperties.Crypto crypto) {
        List<String> locations = new ArrayList<>();
        locations.add(crypto.serverPublicKey());
        locations.add(crypto.clientPrivateKey());
        if (crypto.rotating()) {
            locations.add(crypto.next().serverPublicKey());
            locations.add(crypto.next().clientPrivateKey());
        }
        locations.removeIf(location -> location == null || location.isBlank());
        return locations;
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

    private byte[] read(String property, String location, Problems problems) {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            problems.add(property + ": cannot read " + location + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}
