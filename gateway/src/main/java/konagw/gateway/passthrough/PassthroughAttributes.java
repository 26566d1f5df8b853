package konagw.gateway.passthrough;

/** Exchange attributes shared by the passthrough filters. */
public final class PassthroughAttributes {

    /** {@code byte[]}: the request body exactly as it goes upstream (after encryption, when encrypted). */
    public static final String UPSTREAM_BODY = "konagw.passthrough.upstreamBody";
    /** {@code String}: the crypto key id of an encrypted request; absent for a plain one. */
    public static final String CRYPTO_KEY_ID = "konagw.passthrough.cryptoKeyId";
    /** {@code String}: the X-KM-Correlation-Id sent upstream. */
    public static final String CORRELATION_ID = "konagw.passthrough.correlationId";

    private PassthroughAttributes() {
    }
}
