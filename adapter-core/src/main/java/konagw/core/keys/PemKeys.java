package konagw.core.keys;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads RSA keys from PEM with BouncyCastle's parser. Keys come out as JDK key objects (JDK provider), so the
 * hot path uses the platform's RSA. BouncyCastle is only used as a provider for decrypting password-protected
 * keys, passed explicitly rather than installed globally.
 */
public final class PemKeys {

    public static final int MIN_RSA_BITS = 2048;

    private static final String PUBLIC_EXPECTED =
            "expected a PEM 'CERTIFICATE' (X.509), 'PUBLIC KEY' (SPKI) or 'RSA PUBLIC KEY' with an RSA key";
    private static final String PRIVATE_EXPECTED = "expected a PEM 'PRIVATE KEY' (PKCS#8), 'RSA PRIVATE KEY' (PKCS#1) "
            + "or 'ENCRYPTED PRIVATE KEY' (PKCS#8 with a password) holding an RSA key";
    private static final Provider BC = new BouncyCastleProvider();

    private PemKeys() {
    }

    public static RSAPublicKey readPublicKey(Path file) {
        return readPublicKey(file.toString(), read(file));
    }

    public static RSAPrivateKey readPrivateKey(Path file, char[] passwordOrNull) {
        return readPrivateKey(file.toString(), read(file), passwordOrNull);
    }

    /** @param sourceName where the PEM came from (file, property), used in error messages only */
    public static RSAPublicKey readPublicKey(String sourceName, byte[] pem) {
        Object object = parse(sourceName, pem, PUBLIC_EXPECTED);
        PublicKey key;
        try {
            if (object instanceof X509CertificateHolder certificate) {
                key = new JcaX509CertificateConverter().getCertificate(certificate).getPublicKey();
            } else if (object instanceof SubjectPublicKeyInfo info) {
                key = new JcaPEMKeyConverter().getPublicKey(info);
            } else if (isPrivate(object)) {
                throw new KeyMaterialException(sourceName + ": found a private key; " + PUBLIC_EXPECTED);
            } else {
                throw new KeyMaterialException(sourceName + ": found " + describe(object) + "; " + PUBLIC_EXPECTED);
            }
        } catch (CertificateException | PEMException e) {
            throw new KeyMaterialException(sourceName + ": cannot decode the key (" + e.getClass().getSimpleName()
                    + "); " + PUBLIC_EXPECTED);
        }
        return checkRsa(sourceName, key, RSAPublicKey.class, PUBLIC_EXPECTED);
    }

    /** @param passwordOrNull the password of an encrypted key; ignored for unencrypted keys */
    public static RSAPrivateKey readPrivateKey(String sourceName, byte[] pem, char[] passwordOrNull) {
        Object object = parse(sourceName, pem, PRIVATE_EXPECTED);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key;
        try {
            if (object instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else if (object instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassword(sourceName, passwordOrNull);
                key = converter.getPrivateKey(decrypt(sourceName, encrypted, passwordOrNull));
            } else if (object instanceof PEMEncryptedKeyPair encrypted) {
                requirePassword(sourceName, passwordOrNull);
                PEMKeyPair pair = decrypt(sourceName, encrypted, passwordOrNull);
                key = converter.getKeyPair(pair).getPrivate();
            } else if (object instanceof X509CertificateHolder || object instanceof SubjectPublicKeyInfo) {
                throw new KeyMaterialException(sourceName + ": found a public key or certificate; " + PRIVATE_EXPECTED);
            } else {
                throw new KeyMaterialException(sourceName + ": found " + describe(object) + "; " + PRIVATE_EXPECTED);
            }
        } catch (PEMException e) {
            throw new KeyMaterialException(sourceName + ": cannot decode the key (" + e.getClass().getSimpleName()
                    + "); " + PRIVATE_EXPECTED);
        }
        return checkRsa(sourceName, key, RSAPrivateKey.class, PRIVATE_EXPECTED);
    }

    private static Object parse(String sourceName, byte[] pem, String expected) {
        if (pem == null || pem.length == 0) {
            throw new KeyMaterialException(sourceName + ": empty; " + expected);
        }
        Object object;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports truncated or corrupt Base64/DER this way; its message is not passed on.
            throw new KeyMaterialException(sourceName + ": not valid PEM (" + e.getClass().getSimpleName()
                    + "; truncated or corrupted?); " + expected);
        }
        if (object == null) {
            throw new KeyMaterialException(sourceName + ": no PEM block found; " + expected);
        }
        return object;
    }

    private static void requirePassword(String sourceName, char[] password) {
        if (password == null || password.length == 0) {
            throw new KeyMaterialException(sourceName + ": the private key is encrypted but no password was given");
        }
    }

    private static PrivateKeyInfo decrypt(String sourceName, PKCS8EncryptedPrivateKeyInfo encrypted, char[] password) {
        try {
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                    .build(password);
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new KeyMaterialException(sourceName + ": cannot decrypt the encrypted PKCS#8 private key "
                    + "(wrong password or unsupported cipher)");
        }
    }

    private static PEMKeyPair decrypt(String sourceName, PEMEncryptedKeyPair encrypted, char[] password) {
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password));
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException(sourceName + ": cannot decrypt the encrypted PKCS#1 private key "
                    + "(wrong password or unsupported cipher)");
        }
    }

    private static <K> K checkRsa(String sourceName, Key key, Class<K> type, String expected) {
        if (!type.isInstance(key)) {
            throw new KeyMaterialException(sourceName + ": found a key of algorithm " + key.getAlgorithm() + "; "
                    + expected);
        }
        int bits = ((RSAKey) key).getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new KeyMaterialException(sourceName + ": RSA key is " + bits + " bits; at least " + MIN_RSA_BITS
                    + " bits are required");
        }
        return type.cast(key);
    }

    private static boolean isPrivate(Object object) {
        return object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
    }

    private static String describe(Object object) {
        return "an unsupported PEM object (" + object.getClass().getSimpleName() + ")";
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyMaterialException(file + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
