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

import konagw.core.client.KonaplateClientSettings;
import konagw.core.jwe.ContentEncryption;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
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

    public KonaplateSettingsResolver(ResourceLoader resources) {
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

        KonaplateProperties.Crypto crypto = p.crypto();
        String keyId = problems.requireLength("konaplate.crypto.key-id", crypto.keyId(), KmHeaders.CRYPTO_KEY_ID_LENGTH);
        JweSettings jwe = jweSettings(crypto, problems);
        WireEnvelope envelope = envelope(crypto.envelope(), problems);
        RSAPublicKey serverKey = publicKey("konaplate.crypto.server-public-key", crypto.serverPublicKey(), problems);
        RSAPrivateKey clientKey = privateKey("konaplate.crypto.client-private-key", crypto.clientPrivateKey(),
                crypto.clientPrivateKeyPassword(), problems);

        Map<String, RSAPrivateKey> decryptionKeys = new LinkedHashMap<>();
        decryptionKeys.put(keyId, clientKey);
        KonaplateProperties.Next next = crypto.next();
        if (next != null && next.keyId() != null) {
            String nextId = problems.requireLength("konaplate.crypto.next.key-id", next.keyId(),
                    KmHeaders.CRYPTO_KEY_ID_LENGTH);
            if (nextId != null && nextId.equals(keyId)) {
                problems.add("konaplate.crypto.next.key-id must differ from konaplate.crypto.key-id");
            }
            RSAPrivateKey nextKey = privateKey("konaplate.crypto.next.client-private-key", next.clientPrivateKey(),
                    next.clientPrivateKeyPassword(), problems);
            if (next.serverPublicKey() != null) {
                publicKey("konaplate.crypto.next.server-public-key", next.serverPublicKey(), problems);
            }
            decryptionKeys.put(nextId, nextKey);
        }
        problems.throwIfAny();

        return new KonaplateClientSettings(p.baseUrl(), new ApiCredentials(p.aspId(), p.accessKey(), p.secretKey()),
                keyId, new JweEncryptor(serverKey, keyId, jwe), new JweDecryptor(decryptionKeys, jwe), envelope, zone,
                p.connectTimeout(), responseTimeout);
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
