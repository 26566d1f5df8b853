package konagw.core.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.ApiCredentials;
import konagw.core.time.KonaTimeZone;

/**
 * Everything one {@link KonaplateClient} needs to talk to one vendor endpoint.
 *
 * @param baseUrl         e.g. {@code https://host/open-api}; API paths are appended to it
 * @param cryptoKeyId     sent as {@code X-KM-Crypto-Key-Id} with encrypted bodies
 * @param encryptor       encrypts requests to the vendor's server key
 * @param decryptor       decrypts responses with the client key(s)
 * @param responseTimeout longest wait for the response after the request is sent (and between reads)
 */
public record KonaplateClientSettings(URI baseUrl, ApiCredentials credentials, String cryptoKeyId,
        JweEncryptor encryptor, JweDecryptor decryptor, WireEnvelope envelope, KonaTimeZone timeZone,
        Duration connectTimeout, Duration responseTimeout) {

    public KonaplateClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(cryptoKeyId, "cryptoKeyId");
        Objects.requireNonNull(encryptor, "encryptor");
        Objects.requireNonNull(decryptor, "decryptor");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL");
        }
        if (cryptoKeyId.isBlank()) {
            throw new IllegalArgumentException("cryptoKeyId must not be blank");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative()
                || responseTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout and responseTimeout must be positive");
        }
    }
}
