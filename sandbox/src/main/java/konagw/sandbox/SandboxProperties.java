package konagw.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sandbox.*} for the standalone mode ({@link SandboxApplication}). Credentials, key id and keys left out are
 * generated at startup; {@code write-gateway-keys-to} then receives what the gateway needs.
 *
 * @param aspId              X-KM-User-AspId expected (15 characters); default {@code KONAGWSANDBOX01}
 * @param accessKey          X-KM-Access-Key expected (40 characters); default random
 * @param secretKey          HMAC secret of the tran token; default random
 * @param skew               allowed distance of correlation-id / tran-time timestamps from the sandbox clock
 * @param encryptErrors      encrypt vendor error bodies like successes
 * @param envelope           {@code compact} (application/jose) | {@code json} | {@code json:<field>}
 * @param crypto             key id, key locations and JWE algorithms
 * @param writeGatewayKeysTo directory that receives server-cert.pem, client-key.pem (when generated) and
 *                           credentials.properties (when generated)
 * @param faults             faults installed at startup
 * @param tls                HTTPS instead of plain HTTP, for tests and the local demo
 */
@Validated
@ConfigurationProperties("sandbox")
public record SandboxProperties(
        @Size(min = 15, max = 15, message = "sandbox.asp-id must be 15 characters") String aspId,
        @Size(min = 40, max = 40, message = "sandbox.access-key must be 40 characters") String accessKey,
        @Size(min = 1, message = "sandbox.secret-key must not be empty") String secretKey,
        @NotNull @DefaultValue("5m") Duration skew,
        @DefaultValue("false") boolean encryptErrors,
        @NotBlank @DefaultValue("compact") String envelope,
        @Valid @NotNull @DefaultValue Crypto crypto,
        Path writeGatewayKeysTo,
        @Valid @NotNull @DefaultValue Faults faults,
        @Valid @NotNull @DefaultValue Tls tls) {

    /**
     * {@code sandbox.tls.*}: HTTPS from a given certificate, or from one generated at startup by a new test CA (whose
     * certificate goes to {@code write-gateway-keys-to} as {@value SandboxApplication#TLS_CA_FILE}), optionally
     * requiring client certificates. Plain HTTP unless enabled.
     *
     * @param enabled     serve HTTPS
     * @param certificate Spring resource of the PEM certificate chain (server certificate first); unset: generated
     * @param privateKey  Spring resource of the PEM private key of that certificate (unencrypted)
     * @param hostName    host name of the base URL, and of the generated certificate
     * @param clientCa    Spring resource of the PEM authorities whose client certificates are required (mTLS); unset:
     *                    no client certificate asked for
     */
    public record Tls(@DefaultValue("false") boolean enabled, Resource certificate, Resource privateKey,
                      @NotBlank @DefaultValue("localhost") String hostName, Resource clientCa) {
    }

    /**
     * @param keyId                    X-KM-Crypto-Key-Id and JWE kid (32 characters); default random hex
     * @param serverPrivateKey         Spring resource of the server private key PEM (PKCS#8 or PKCS#1); with
     *                                 {@code clientPublicKey}, or neither (both pairs are then generated)
     * @param serverPrivateKeyPassword password of an encrypted server private key PEM
     * @param clientPublicKey          Spring resource of the client public key PEM (X.509 certificate or SPKI)
     * @param keyManagement            JWE alg: RSA-OAEP-256 | RSA-OAEP
     * @param contentEncryption        JWE enc: A256GCM | A128GCM
     */
    public record Crypto(
            @Size(min = 32, max = 32, message = "sandbox.crypto.key-id must be 32 characters") String keyId,
            Resource serverPrivateKey,
            String serverPrivateKeyPassword,
            Resource clientPublicKey,
            @NotBlank @DefaultValue("RSA-OAEP-256") String keyManagement,
            @NotBlank @DefaultValue("A256GCM") String contentEncryption) {

        @Override
        public String toString() {
            return "Crypto[keyId=" + keyId + ", serverPrivateKey=" + serverPrivateKey + ", clientPublicKey="
                    + clientPublicKey + ", keyManagement=" + keyManagement + ", contentEncryption="
                    + contentEncryption + "]";
        }
    }

    /**
     * {@code sandbox.faults.global.*} applies to every path without its own;
     * {@code sandbox.faults.paths[/api/v1/...].*} to one path.
     */
    public record Faults(@Valid FaultProperties global, Map<String, @Valid FaultProperties> paths) {
        public Faults {
            paths = paths == null ? Map.of() : Map.copyOf(paths);
        }
    }

    public record FaultProperties(
            @DefaultValue("0ms") Duration fixedLatency,
            @DefaultValue("0ms") Duration randomLatencyMax,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0") double errorRate,
            @Min(500) @Max(599) @DefaultValue("500") int errorStatus,
            @DefaultValue("false") boolean connectionReset,
            @DefaultValue("false") boolean invalidJwe,
            @DefaultValue("false") boolean plaintextSuccess) {

        Fault toFault() {
            return new Fault(fixedLatency, randomLatencyMax, errorRate, errorStatus, connectionReset, invalidJwe,
                    plaintextSuccess);
        }
    }

    @Override
    public String toString() {
        return "SandboxProperties[aspId=" + aspId + ", accessKey=" + (accessKey == null ? "generated" : "***")
                + ", secretKey=" + (secretKey == null ? "generated" : "***") + ", skew=" + skew + ", encryptErrors="
                + encryptErrors + ", envelope=" + envelope + ", crypto=" + crypto + ", writeGatewayKeysTo="
                + writeGatewayKeysTo + ", faults=" + faults + ", tls=" + tls + "]";
    }

    /** {@code server.port} and {@code server.address}: where the standalone sandbox listens. */
    @Validated
    @ConfigurationProperties("server")
    public record ServerBinding(@Min(0) @Max(65535) @DefaultValue("8080") int port,
                                @NotBlank @DefaultValue("0.0.0.0") String address) {
    }
}
