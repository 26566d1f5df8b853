package konagw.core.jwe;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decrypts JWE compact serializations with one of up to a few RSA private keys, chosen by the header's
 * {@code kid} (two keys during rotation). Only the configured alg/enc is accepted, so a peer cannot
 * downgrade the algorithm. Thread-safe: one Nimbus decrypter per key, built once.
 */
public final class JweDecryptor {

    private final JweProvider provider;

    private final Map<String, JWEDecrypter> decrypters;
    private final JWEDecrypter withoutKid;
    private final JweSettings settings;

    /** @param keysById key id → private key; iteration order matters: the first key decrypts JWEs without kid */
    public JweDecryptor(Map<String, RSAPrivateKey> keysById, JweSettings settings) {
        this(keysById, settings, JweProvider.configured());
    }

    /** @param provider the JCA provider of the RSA and AES work ({@link JweProvider#usable()} is applied) */
    public JweDecryptor(Map<String, RSAPrivateKey> keysById, JweSettings settings, JweProvider provider) {
        JweProvider usable = provider.usable();
        this.provider = usable;
        this.settings = Objects.requireNonNull(settings, "settings");
        if (keysById == null || keysById.isEmpty()) {
            throw new IllegalArgumentException("at least one decryption key is required");
        }
        Map<String, JWEDecrypter> byId = new LinkedHashMap<>();
        keysById.forEach((id, key) -> byId.put(Objects.requireNonNull(id, "key id"),
                decrypter(Objects.requireNonNull(key, "key for " + id), usable)));
        this.decrypters = Map.copyOf(byId);
        this.withoutKid = byId.values().iterator().next();
    }

    /** The provider doing the work (after any fallback). */
    public JweProvider provider() {
        return provider;
    }

    public static JweDecryptor single(String keyId, RSAPrivateKey key, JweSettings settings) {
        return new JweDecryptor(Map.of(keyId, key), settings);
    }

    private static JWEDecrypter decrypter(RSAPrivateKey key, JweProvider provider) {
        return switch (provider) {
            case JDK -> new RSADecrypter(key);
            case BC -> {
                RSADecrypter d = new RSADecrypter(key);
                d.getJCAContext().setProvider(provider.jca());
                yield d;
            }
            case ACCP -> new AccpRsaDecrypter(key, provider.jca());
        };
    }

    public byte[] decrypt(String compact) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw new JweException(JweException.Kind.MALFORMED, null, "not a JWE compact serialization");
        }
        JWEHeader header = jwe.getHeader();
        String kid = header.getKeyID();
        if (!settings.keyManagement().nimbus().equals(header.getAlgorithm())
                || !settings.contentEncryption().nimbus().equals(header.getEncryptionMethod())) {
            throw new JweException(JweException.Kind.ALGORITHM_MISMATCH, kid,
                    "JWE uses alg=" + printable(String.valueOf(header.getAlgorithm()))
                            + " enc=" + printable(String.valueOf(header.getEncryptionMethod()))
                            + ", expected alg=" + settings.keyManagement().jweName()
                            + " enc=" + settings.contentEncryption().jweName());
        }
        if (header.getCompressionAlgorithm() != null) {
            // Compressed payloads invite decompression bombs and the protocol never uses them.
            throw new JweException(JweException.Kind.ALGORITHM_MISMATCH, kid, "compressed JWE (zip) is not accepted");
        }
        JWEDecrypter decrypter = kid == null ? withoutKid : decrypters.get(kid);
        if (decrypter == null) {
            throw new JweException(JweException.Kind.UNKNOWN_KEY_ID, kid,
                    "no decryption key for kid " + printable(kid));
        }
        try {
            jwe.decrypt(decrypter);
        } catch (JOSEException | RuntimeException e) {
            throw new JweException(JweException.Kind.DECRYPTION_FAILED, kid, "JWE decryption failed");
        }
        return jwe.getPayload().toBytes();
    }

    public JweSettings settings() {
        return settings;
    }

    /** Header values come from the peer; keep them short and printable before they reach a log line. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 64) + 3);
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= ' ' && c <= '~' ? c : '?');
        }
        return text.length() > 64 ? out.append("...").toString() : out.toString();
    }
}
