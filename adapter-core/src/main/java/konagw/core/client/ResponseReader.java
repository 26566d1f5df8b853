package konagw.core.client;

import java.util.Optional;
import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweException;
import konagw.core.jwe.WireEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a raw response into a typed answer. Runs on the crypto scheduler: it may perform the RSA private-key
 * operation of a JWE decryption. The HTTP status is authoritative; the body only supplies the details.
 */
final class ResponseReader {

    /** Parses a decrypted success body. */
    @FunctionalInterface
    interface SuccessParser<T> {
        T parse(byte[] plaintext, String correlationId);
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final JweDecryptor decryptor;
    private final WireEnvelope envelope;

    ResponseReader(JweDecryptor decryptor, WireEnvelope envelope) {
        this.decryptor = decryptor;
        this.envelope = envelope;
    }

    /**
     * @param encrypted whether the request was encrypted: then a success must come as a JWE (PROTOCOL.md §4, only
     *        errors may come plain), else a plain success of an encrypted API could be a downgrade
     */
    <T> KonaResponse<T> read(RawResponse raw, String correlationId, SuccessParser<T> parser, boolean encrypted) {
        int status = raw.status();
        if (status >= 500) {
            throw new UpstreamTransportException(UpstreamTransportException.Kind.SERVER_ERROR, status,
                    "vendor answered HTTP " + status, correlationId, null);
        }
        boolean success = status >= 200 && status < 300;
        String echoed = raw.echoedCorrelationId();
        // A success must prove it answers this request; an error may come from a layer that does not echo.
        if (success ? !correlationId.equals(echoed) : echoed != null && !correlationId.equals(echoed)) {
            throw new UpstreamUnusableException(UpstreamUnusableException.Kind.CORRELATION_MISMATCH,
                    echoed == null ? "response lacks the X-KM-Correlation-Id echo"
                            : "response echoes a different X-KM-Correlation-Id", correlationId, null);
        }
        if (success) {
            byte[] plaintext = encrypted ? decrypt(raw.body(), correlationId) : open(raw.body(), correlationId);
            return new KonaResponse.Success<>(parser.parse(plaintext, correlationId), correlationId, status);
        }
        if (status >= 400) {
            return new KonaResponse.Failure<>(vendorError(status, open(raw.body(), correlationId), correlationId),
                    correlationId);
        }
        throw new UpstreamUnusableException(UpstreamUnusableException.Kind.BAD_JSON,
                "unexpected HTTP status " + status, correlationId, null);
    }

    /** The plaintext of the body: decrypted when it carries a JWE, as is when it is plain JSON. */
    byte[] open(byte[] body, String correlationId) {
        Optional<String> jwe = envelope.unwrap(body);
        return jwe.isEmpty() ? body : decrypt(jwe.get(), correlationId);
    }

    /** The plaintext of a body that must carry a JWE. */
    private byte[] decrypt(byte[] body, String correlationId) {
        Optional<String> jwe = envelope.unwrap(body);
        if (jwe.isEmpty()) {
            throw rejected(JweException.notEncrypted(), correlationId);
        }
        return decrypt(jwe.get(), correlationId);
    }

    private byte[] decrypt(String compactJwe, String correlationId) {
        try {
            return decryptor.decrypt(compactJwe);
        } catch (JweException e) {
            throw rejected(e, correlationId);
        }
    }

    private static UpstreamUnusableException rejected(JweException e, String correlationId) {
        return new UpstreamUnusableException(UpstreamUnusableException.Kind.BAD_JWE,
                "response JWE rejected: " + e.kind() + " - " + e.getMessage(), correlationId, e);
    }

    static VirtualAccount virtualAccount(byte[] plaintext, String correlationId) {
        WireBody body = parse(plaintext, correlationId);
        if (blank(body.accountNo()) || blank(body.bankCode()) || blank(body.connectType()) || blank(body.status())) {
            throw new UpstreamUnusableException(UpstreamUnusableException.Kind.MISSING_FIELDS,
                    "success lacks accountNo, bankCode, connectType or status", correlationId, null);
        }
        return new VirtualAccount(body.accountNo(), body.bankCode(), body.connectType(), body.status());
    }

    static byte[] plaintext(byte[] plaintext, String correlationId) {
        return plaintext;
    }

    private static VendorError vendorError(int status, byte[] plaintext, String correlationId) {
        WireBody body = parse(plaintext, correlationId);
        if (blank(body.code())) {
            throw new UpstreamUnusableException(UpstreamUnusableException.Kind.MISSING_FIELDS,
                    "HTTP " + status + " without a result code", correlationId, null);
        }
        return new VendorError(status, body.code(), body.message());
    }

    private static WireBody parse(byte[] plaintext, String correlationId) {
        WireBody body;
        try {
            body = JSON.readValue(plaintext, WireBody.class);
        } catch (JacksonException e) {
            // Jackson's message can quote the body, which may hold account data: only the type is kept.
            throw new UpstreamUnusableException(UpstreamUnusableException.Kind.BAD_JSON,
                    "response body is not the expected JSON object (" + e.getClass().getSimpleName() + ")",
                    correlationId, null);
        }
        if (body == null) {
            throw new UpstreamUnusableException(UpstreamUnusableException.Kind.BAD_JSON,
                    "response body is empty or null", correlationId, null);
        }
        return body;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Every field either answer may carry; the status decides which ones matter. */
    record WireBody(String accountNo, String bankCode, String connectType, String status, String code,
            String message) {
    }
}
