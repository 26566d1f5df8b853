package konagw.gateway.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code konagw.crypto.*}: who does the JWE work.
 *
 * @param provider JCA provider of the JWE work: auto (Amazon Corretto Crypto Provider where it loads, which the
 *                 gateway's jar carries for Linux x86_64 and aarch64; the JDK's provider elsewhere), jdk, bc
 *                 (BouncyCastle) or accp (refuses startup where it cannot load). An unknown name refuses startup.
 */
@ConfigurationProperties("konagw.crypto")
public record CryptoProperties(@DefaultValue("auto") String provider) {
}
