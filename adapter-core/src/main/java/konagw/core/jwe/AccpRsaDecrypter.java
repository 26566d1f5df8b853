package konagw.core.jwe;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.impl.AAD;
import com.nimbusds.jose.crypto.impl.ContentCryptoProvider;
import com.nimbusds.jose.jca.JWEJCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * RSA-OAEP(-256) JWE decryption for providers that lack the JCA name Nimbus asks for: ACCP has no
 * {@code RSA/ECB/OAEPWithSHA-256AndMGF1Padding} and no OAEP {@code AlgorithmParameters}. The content key is
 * unwrapped here with {@code RSA/ECB/OAEPPadding} and an explicit {@link OAEPParameterSpec}; the content
 * (AES-GCM) is then decrypted by Nimbus with the same provider.
 */
final class AccpRsaDecrypter implements JWEDecrypter {

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final OAEPParameterSpec OAEP_SHA1 = new OAEPParameterSpec("SHA-1", "MGF1",
            MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

    private final RSAPrivateKey key;
    private final Provider provider;
    private final JWEJCAContext jca = new JWEJCAContext();
    private final ThreadLocal<Cipher> ciphers;

    AccpRsaDecrypter(RSAPrivateKey key, Provider provider) {
        this.key = key;
        this.provider = provider;
        this.jca.setProvider(provider);
        this.ciphers = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("RSA/ECB/OAEPPadding", provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA/ECB/OAEPPadding unavailable in " + provider.getName(), e);
            }
        });
    }

    @Override
    public byte[] decrypt(JWEHeader header, Base64URL encryptedKey, Base64URL iv, Base64URL cipherText,
            Base64URL authTag, byte[] aad) throws JOSEException {
        if (encryptedKey == null || iv == null || authTag == null) {
            throw new JOSEException("missing JWE encrypted key, IV or authentication tag");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new JOSEException("critical JWE header parameters are not supported");
        }
        OAEPParameterSpec spec;
        if (JWEAlgorithm.RSA_OAEP_256.equals(header.getAlgorithm())) {
            spec = OAEP_SHA256;
        } else if (JWEAlgorithm.RSA_OAEP.equals(header.getAlgorithm())) {
            spec = OAEP_SHA1;
        } else {
            throw new JOSEException("unsupported JWE alg " + header.getAlgorithm());
        }
        int cekBits = header.getEncryptionMethod().cekBitLength();
        SecretKey cek;
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, spec);
            byte[] raw = cipher.doFinal(encryptedKey.decode());
            if (raw.length * 8 != cekBits) {
                throw new JOSEException("content key of the wrong length");
            }
            cek = new SecretKeySpec(raw, "AES");
        } catch (GeneralSecurityException e) {
            throw new JOSEException("content key decryption failed", e);
        }
        return ContentCryptoProvider.decrypt(header, aad, encryptedKey, iv, cipherText, authTag, cek, jca);
    }

    public byte[] decrypt(JWEHeader header, Base64URL encryptedKey, Base64URL iv, Base64URL cipherText,
            Base64URL authTag) throws JOSEException {
        return decrypt(header, encryptedKey, iv, cipherText, authTag, AAD.compute(header));
    }

    @Override
    public Set<JWEAlgorithm> supportedJWEAlgorithms() {
        return Set.of(JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.RSA_OAEP);
    }

    @Override
    public Set<EncryptionMethod> supportedEncryptionMethods() {
        return Set.of(EncryptionMethod.A128GCM, EncryptionMethod.A256GCM);
    }

    @Override
    public JWEJCAContext getJCAContext() {
        return jca;
    }

    @Override
    public String toString() {
        return "AccpRsaDecrypter[" + provider.getName() + "]";
    }
}
