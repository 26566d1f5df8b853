package konagw.core.client;

import java.util.Objects;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;

/**
 * The crypto a {@link KonaplateClient} uses for one exchange: the key id sent in {@code X-KM-Crypto-Key-Id},
 * the encryptor to the vendor's server key under that id, and the decryptor holding every client key an answer
 * may name in its JWE {@code kid} (two during a key rotation). Immutable; a client swaps the whole set at once
 * ({@link KonaplateClient#useCrypto(CryptoKeys)}), so an exchange never mixes old and new keys.
 */
public record CryptoKeys(String cryptoKeyId, JweEncryptor encryptor, JweDecryptor decryptor) {

    public CryptoKeys {
        Objects.requireNonNull(cryptoKeyId, "cryptoKeyId");
        Objects.requireNonNull(encryptor, "encryptor");
        Objects.requireNonNull(decryptor, "decryptor");
        if (cryptoKeyId.isBlank()) {
            throw new IllegalArgumentException("cryptoKeyId must not be blank");
        }
    }

    /** The crypto part of client settings. */
    public static CryptoKeys of(KonaplateClientSettings settings) {
        return new CryptoKeys(settings.cryptoKeyId(), settings.encryptor(), settings.decryptor());
    }

    @Override
    public String toString() {
        return "CryptoKeys[cryptoKeyId=" + cryptoKeyId + "]";
    }
}
