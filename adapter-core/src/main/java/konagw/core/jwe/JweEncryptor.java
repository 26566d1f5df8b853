package konagw.core.jwe;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWECryptoParts;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Objects;

/**
 * Encrypts plaintext to the recipient's RSA public key as a JWE compact serialization whose protected header
 * is {@code {"alg", "enc", "kid"}}. Thread-safe: the Nimbus encrypter and the header are built once.
 */
public final class JweEncryptor {

    private final RSAEncrypter encrypter;
    private final JWEHeader header;
    private final byte[] aad;
    private final String keyId;
    private final JweSettings settings;

    /** With the process's {@link JweProvider#configured() configured} provider ({@code konagw.crypto.provider}). */
    public JweEncryptor(RSAPublicKey recipient, String keyId, JweSettings settings) {
        this(recipient, keyId, settings, JweProvider.configured());
    }

    public JweEncryptor(RSAPublicKey recipient, String keyId, JweSettings settings, JweProvider provider) {
        Objects.requireNonNull(recipient, "recipient");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keyId = keyId;
        this.encrypter = new RSAEncrypter(recipient);
        this.encrypter.getJCAContext().setSecureRandom(konagw.core.random.NonBlockingRandom.get());
        switch (provider.usable()) {
            case JDK -> { }
            case BC -> this.encrypter.getJCAContext().setProvider(provider.jca());
            // ACCP lacks the OAEP-256 JCA name Nimbus wraps with; the public-key wrap is cheap, so only the content
            // encryption moves to ACCP.
            case ACCP -> this.encrypter.getJCAContext().setContentEncryptionProvider(provider.jca());
        }
        JWEHeader.Builder builder = new JWEHeader.Builder(settings.keyManagement().nimbus(),
                settings.contentEncryption().nimbus());
        if (keyId != null) {
            builder.keyID(keyId);
        }
        try {
            // Parsing the built header back pins its Base64URL form, so it is not re-serialised per message.
            this.header = JWEHeader.parse(builder.build().toBase64URL());
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build JWE header", e);
        }
        this.aad = header.toBase64URL().toString().getBytes(StandardCharsets.US_ASCII);
    }

    public String encrypt(byte[] plaintext) {
        JWECryptoParts parts;
        try {
            parts = encrypter.encrypt(header, plaintext, aad);
        } catch (JOSEException e) {
            throw new IllegalStateException("JWE encryption failed (" + settings + ")", e);
        }
        Base64URL h = header.toBase64URL();
        String ek = parts.getEncryptedKey().toString();
        String iv = parts.getInitializationVector().toString();
        String ct = parts.getCipherText().toString();
        String tag = parts.getAuthenticationTag().toString();
        return new StringBuilder(h.toString().length() + ek.length() + iv.length() + ct.length() + tag.length() + 4)
                .append(h).append('.').append(ek).append('.').append(iv).append('.').append(ct).append('.').append(tag)
                .toString();
    }

    public String keyId() {
        return keyId;
    }

    public JweSettings settings() {
        return settings;
    }
}
