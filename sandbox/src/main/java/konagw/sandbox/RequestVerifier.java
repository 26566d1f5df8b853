package konagw.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import konagw.core.headers.SignedHeaders;
import konagw.core.headers.SignedHeadersException;
import konagw.core.headers.SignedHeadersVerifier;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.ApiCredentials;
import konagw.core.protocol.KmHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks everything about a request that does not need the server private key: method, {@code Accept}, every
 * {@code X-KM-*} header (presence, once only, length, format, value), the timestamps against the skew window, the
 * tran token over the raw body, {@code Content-Type} per envelope, the JWE protected header ({@code alg}, {@code enc},
 * {@code kid}) and, last, that the correlation id is new. Each failure is a {@link ProtocolViolation} whose reason
 * starts with what was wrong ({@code "X-KM-Tran-Token: ..."}, {@code "JWE: ..."}).
 */
final class RequestVerifier {

    static final String JSON = "application/json";

    /** A request that passed every check that can be made before decryption. */
    record Verified(String correlationId, String cryptoKeyId, String compactJwe) {
        boolean encrypted() {
            return cryptoKeyId != null;
        }
    }

    private final Set<String> keyIds;
    private final JweSettings jwe;
    private final WireEnvelope envelope;
    private final String envelopeContentType;
    private final Clock clock;
    private final SignedHeadersVerifier signedHeaders;
    private final SeenCorrelationIds seen;
    private final AdminState admin;
    private final JsonMapper mapper;

    RequestVerifier(SandboxSettings settings, Set<String> keyIds, Clock clock, SeenCorrelationIds seen,
                    AdminState admin, JsonMapper mapper) {
        ApiCredentials credentials = settings.credentials();
        this.keyIds = Set.copyOf(keyIds);
        this.jwe = settings.jwe();
        this.envelope = settings.envelope();
        this.envelopeContentType = mediaType(envelope.contentType());
        this.clock = clock;
        this.signedHeaders = new SignedHeadersVerifier(credentials.aspId(), credentials.accessKey(),
                credentials.secretKey(), settings.skew(), clock, "the sandbox clock");
        this.seen = seen;
        this.admin = admin;
        this.mapper = mapper;
    }

    Verified verify(String method, HttpHeaders headers, byte[] body, boolean encryptionRequired) {
        Instant now = clock.instant();
        if (!"POST".equals(method)) {
            throw new ProtocolViolation("method: " + method + " is not allowed, expected POST");
        }
        checkAccept(headers);

        SignedHeaders signed;
        try {
            signed = signedHeaders.verify(headers::getAll, body);
        } catch (SignedHeadersException e) {
            throw new ProtocolViolation(e.getMessage());
        }
        String correlationId = signed.correlationId();
        Instant idTime = signed.correlationIdTime();

        String cryptoKeyId = null;
        String compactJwe = null;
        String contentType = single(headers, HttpHeaderNames.CONTENT_TYPE.toString());
        if (headers.contains(KmHeaders.CRYPTO_KEY_ID)) {
            cryptoKeyId = header(headers, KmHeaders.CRYPTO_KEY_ID, KmHeaders.CRYPTO_KEY_ID_LENGTH);
            if (!keyIds.contains(cryptoKeyId)) {
                throw new ProtocolViolation(KmHeaders.CRYPTO_KEY_ID + ": unknown crypto key id");
            }
            if (contentType == null || !envelopeContentType.equals(mediaType(contentType))) {
                throw new ProtocolViolation("Content-Type: " + describe(contentType) + ", expected "
                        + envelopeContentType + " for an encrypted body");
            }
            if (envelope instanceof WireEnvelope.JsonField json && !startsWithBrace(body)) {
                // the JSON envelope alone would also accept a bare compact JWE; the vendor would not
                throw new ProtocolViolation("JWE: the body is not the {\"" + json.field() + "\":\"<JWE>\"} envelope");
            }
            Optional<String> unwrapped = unwrap(body);
            if (unwrapped.isEmpty()) {
                throw new ProtocolViolation("JWE: the body is not a JWE although " + KmHeaders.CRYPTO_KEY_ID
                        + " is present");
            }
            compactJwe = unwrapped.get();
            checkJweHeader(compactJwe, cryptoKeyId);
        } else {
            if (encryptionRequired) {
                throw new ProtocolViolation(KmHeaders.CRYPTO_KEY_ID + ": missing; this API requires an encrypted body");
            }
            if (body.length > 0 || contentType != null) {
                if (contentType == null || !JSON.equals(mediaType(contentType))) {
                    throw new ProtocolViolation("Content-Type: " + describe(contentType) + ", expected " + JSON
                            + " for a plain body");
                }
                if (body.length > 0 && body[0] != '{' && body[0] != '[' && unwrap(body).isPresent()) {
                    throw new ProtocolViolation(KmHeaders.CRYPTO_KEY_ID + ": missing for an encrypted body");
                }
            }
        }

        if (!seen.firstSeen(correlationId, idTime, now)) {
            admin.recordDuplicate();
            throw new ProtocolViolation(KmHeaders.CORRELATION_ID + ": duplicate, seen before");
        }
        return new Verified(correlationId, cryptoKeyId, compactJwe);
    }

    private Optional<String> unwrap(byte[] body) {
        try {
            return envelope.unwrap(body);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean startsWithBrace(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    private void checkAccept(HttpHeaders headers) {
        String accept = headers.get(HttpHeaderNames.ACCEPT);
        if (accept == null) {
            throw new ProtocolViolation("Accept: missing, expected " + JSON);
        }
        for (String range : accept.split(",")) {
            if (JSON.equals(mediaType(range))) {
                return;
            }
        }
        throw new ProtocolViolation("Accept: does not accept " + JSON);
    }

    private void checkJweHeader(String compact, String headerKeyId) {
        int dot = compact.indexOf('.');
        JsonNode protectedHeader;
        try {
            protectedHeader = mapper.readTree(Base64.getUrlDecoder().decode(compact.substring(0, dot)));
        } catch (RuntimeException e) {
            throw new ProtocolViolation("JWE: the protected header is not Base64url JSON");
        }
        String alg = text(protectedHeader, "alg");
        String enc = text(protectedHeader, "enc");
        String kid = text(protectedHeader, "kid");
        String expectedAlg = jwe.keyManagement().jweName();
        String expectedEnc = jwe.contentEncryption().jweName();
        if (!expectedAlg.equals(alg)) {
            throw new ProtocolViolation("JWE: alg " + alg + ", expected " + expectedAlg);
        }
        if (!expectedEnc.equals(enc)) {
            throw new ProtocolViolation("JWE: enc " + enc + ", expected " + expectedEnc);
        }
        if (kid == null) {
            throw new ProtocolViolation("JWE: kid missing, expected the " + KmHeaders.CRYPTO_KEY_ID);
        }
        if (!kid.equals(headerKeyId)) {
            throw new ProtocolViolation("JWE: kid does not equal " + KmHeaders.CRYPTO_KEY_ID);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** The single value of a required header with an exact length. */
    private static String header(HttpHeaders headers, String name, int length) {
        List<String> values = headers.getAll(name);
        if (values.isEmpty()) {
            throw new ProtocolViolation(name + ": missing");
        }
        if (values.size() > 1) {
            throw new ProtocolViolation(name + ": sent " + values.size() + " times");
        }
        String value = values.get(0);
        if (value.length() != length) {
            throw new ProtocolViolation(name + ": length " + value.length() + ", expected " + length);
        }
        return value;
    }

    private static String single(HttpHeaders headers, String name) {
        List<String> values = headers.getAll(name);
        if (values.size() > 1) {
            throw new ProtocolViolation(name + ": sent " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static String describe(String contentType) {
        return contentType == null ? "missing" : "'" + contentType + "'";
    }

    static String mediaType(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
