package konagw.sandbox;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import konagw.core.card.CardNumber;
import konagw.core.card.InvalidCardNumberException;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweException;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import konagw.core.protocol.KonaCode;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves {@code /api/**}: verifies the request, answers the virtual-account inquiry from {@link VirtualAccounts} and
 * echoes every other API, then applies the path's {@link Fault}. RSA work (decrypting the request, encrypting the
 * answer) runs in one hop on the crypto scheduler, never on the event loop.
 */
final class ApiHandler {

    static final String INQUIRY_PATH = "/api/v1/card/virtual-account/inquiry";
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final byte[] EMPTY = new byte[0];
    private static final String JSON = RequestVerifier.JSON;
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** What goes back. {@code plaintext} is the answer before encryption (used by the invalid-JWE fault). */
    record Answer(int status, String contentType, byte[] body, String correlationId, String cryptoKeyId,
                  byte[] plaintext, boolean violation) {
    }

    record CodeMessage(String code, String message) {
    }

    record InquirySuccess(String code, String message, String accountNo, String bankCode, String connectType,
                          String status) {
    }

    private final RequestVerifier verifier;
    private final JweDecryptor decryptor;
    private final Map<String, JweEncryptor> encryptors;
    private final String primaryKeyId;
    private final WireEnvelope envelope;
    private final boolean encryptErrors;
    private final VirtualAccounts accounts;
    private final AdminState admin;
    private final Scheduler crypto;
    private final JsonMapper mapper;

    ApiHandler(RequestVerifier verifier, JweDecryptor decryptor, Map<String, JweEncryptor> encryptors,
               SandboxSettings settings, VirtualAccounts accounts, AdminState admin, Scheduler crypto, JsonMapper mapper) {
        this.verifier = verifier;
        this.decryptor = decryptor;
        this.encryptors = Map.copyOf(encryptors);
        admin.knownKeyIds(this.encryptors.keySet());
        this.primaryKeyId = settings.cryptoKeyId();
        this.envelope = settings.envelope();
        this.encryptErrors = settings.encryptErrors();
        this.accounts = accounts;
        this.admin = admin;
        this.crypto = crypto;
        this.mapper = mapper;
    }

    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, String path) {
        admin.recordRequest(path);
        admin.recordHeaderNames(request.requestHeaders().names());
        Fault fault = admin.faultFor(path);
        String echoId = echoableCorrelationId(request.requestHeaders().get(KmHeaders.CORRELATION_ID));
        String contentLength = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (contentLength != null && contentLength.length() > 7) {
            // > 9,999,999 bytes; checked before reading
            response.keepAlive(false);
            return send(response, violation(path, new ProtocolViolation("body: larger than " + MAX_BODY_BYTES
                    + " bytes"), echoId), Fault.none());
        }
        Mono<Answer> answer = request.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY)
                .flatMap(body -> answer(request, path, body, fault))
                .onErrorResume(ProtocolViolation.class, v -> Mono.just(violation(path, v, echoId)))
                .onErrorResume(e -> {
                    log.error("sandbox failed to answer on {}", path, e);
                    return Mono.just(plain(500, new CodeMessage("999_999", "Sandbox internal error."), echoId));
                });
        if (!fault.isNone()) {
            var latency = fault.sampleLatency();
            if (!latency.isZero()) {
                answer = answer.delayElement(latency, crypto);
            }
        }
        return answer.flatMap(a -> send(response, a, fault));
    }

    private Mono<Answer> answer(HttpServerRequest request, String path, byte[] body, Fault fault) {
        if (body.length > MAX_BODY_BYTES) {
            throw new ProtocolViolation("body: larger than " + MAX_BODY_BYTES + " bytes");
        }
        boolean inquiry = INQUIRY_PATH.equals(path);
        RequestVerifier.Verified verified = verifier.verify(request.method().name(), request.requestHeaders(), body,
                inquiry);
        if (verified.encrypted()) {
            return Mono.fromCallable(() -> plainIfFaulty(corruptIfFaulty(encryptedAnswer(verified, inquiry), fault),
                    fault)).subscribeOn(crypto);
        }
        Answer plainEcho = echoPlain(verified, body);
        return fault.invalidJwe()
                ? Mono.fromCallable(() -> corruptIfFaulty(plainEcho, fault)).subscribeOn(crypto)
                : Mono.just(plainEcho);
    }

    /** Runs on the crypto scheduler: decrypt, answer, encrypt. */
    private Answer encryptedAnswer(RequestVerifier.Verified v, boolean inquiry) {
        byte[] plaintext;
        try {
            plaintext = decryptor.decrypt(v.compactJwe());
        } catch (JweException e) {
            throw new ProtocolViolation("JWE: " + switch (e.kind()) {
                case MALFORMED -> "malformed compact serialization";
                case ALGORITHM_MISMATCH -> "alg/enc do not match the configured algorithms";
                case UNKNOWN_KEY_ID -> "unknown kid";
                case DECRYPTION_FAILED -> "cannot be decrypted with the server private key";
                case NOT_ENCRYPTED -> "not encrypted";
            });
        }
        if (!inquiry) {
            if (!emptyOrJsonObject(plaintext)) {
                return vendorError(KonaCode.INVALID_INPUT, v);
            }
            admin.recordAnswer(KonaCode.SUCCESS.code());
            return encrypted(200, plaintext, v);
        }
        return inquire(plaintext, v);
    }

    private Answer inquire(byte[] plaintext, RequestVerifier.Verified v) {
        JsonNode request;
        try {
            request = mapper.readTree(plaintext);
        } catch (JacksonException e) {
            return vendorError(KonaCode.INVALID_INPUT, v);
        }
        if (request == null || !request.isObject()) {
            return vendorError(KonaCode.INVALID_INPUT, v);
        }
        JsonNode cardNo = request.get("cardNo");
        if (cardNo == null || cardNo.isNull()) {
            return vendorError(KonaCode.MISSING_REQUIRED, v);
        }
        if (!cardNo.isString()) {
            return vendorError(KonaCode.INVALID_INPUT, v);
        }
        CardNumber card;
        try {
            card = CardNumber.parse(cardNo.stringValue());
        } catch (InvalidCardNumberException e) {
            return vendorError(e.reason() == InvalidCardNumberException.Reason.MISSING
                    ? KonaCode.MISSING_REQUIRED : KonaCode.INVALID_INPUT, v);
        }
        admin.recordCardInquiry(card.digits());
        VirtualAccount remapped = admin.remapped(card.digits());
        VirtualAccounts.Lookup lookup = remapped != null ? new VirtualAccounts.Lookup(remapped, null)
                : accounts.lookup(card.digits());
        if (lookup.error() != null) {
            return vendorError(lookup.error(), v);
        }
        var a = lookup.account();
        admin.recordAnswer(KonaCode.SUCCESS.code());
        byte[] json = mapper.writeValueAsBytes(new InquirySuccess(KonaCode.SUCCESS.code(), KonaCode.SUCCESS.message(),
                a.accountNo(), a.bankCode(), a.connectType(), a.status()));
        return encrypted(200, json, v);
    }

    private Answer vendorError(KonaCode code, RequestVerifier.Verified v) {
        admin.recordAnswer(code.code());
        byte[] json = mapper.writeValueAsBytes(new CodeMessage(code.code(), code.message()));
        return encryptErrors
                ? encrypted(code.httpStatus(), json, v)
                : new Answer(code.httpStatus(), JSON, json, v.correlationId(), null, json, false);
    }

    private Answer encrypted(int status, byte[] plaintext, RequestVerifier.Verified v) {
        String override = admin.answerKeyId();
        String kid = override != null ? override : v.cryptoKeyId();
        String compact = encryptors.get(kid).encrypt(plaintext);
        return new Answer(status, envelope.contentType(), envelope.wrap(compact), v.correlationId(), kid,
                plaintext, false);
    }

    private Answer echoPlain(RequestVerifier.Verified v, byte[] body) {
        if (!emptyOrJsonObject(body)) {
            admin.recordAnswer(KonaCode.INVALID_INPUT.code());
            byte[] json = mapper.writeValueAsBytes(new CodeMessage(KonaCode.INVALID_INPUT.code(),
                    KonaCode.INVALID_INPUT.message()));
            return new Answer(400, JSON, json, v.correlationId(), null, json, false);
        }
        admin.recordAnswer(KonaCode.SUCCESS.code());
        return new Answer(200, JSON, body, v.correlationId(), null, body, false);
    }

    /** The vendor's APIs take a JSON object (or nothing): anything else is its 400 {@code 000_002}. */
    private boolean emptyOrJsonObject(byte[] body) {
        if (body.length == 0) {
            return true;
        }
        try {
            JsonNode tree = mapper.readTree(body);
            return tree != null && tree.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    /** The invalid-JWE fault: the answer encrypted as usual, then its ciphertext altered so the GCM tag fails. */
    private Answer corruptIfFaulty(Answer a, Fault fault) {
        if (!fault.invalidJwe() || a.violation()) {
            return a;
        }
        String kid = a.cryptoKeyId() != null ? a.cryptoKeyId() : primaryKeyId;
        String compact = encryptors.get(kid).encrypt(a.plaintext());
        return new Answer(a.status(), envelope.contentType(), envelope.wrap(corrupt(compact)), a.correlationId(), kid,
                a.plaintext(), false);
    }

    /** The plain-success fault: a success that would go back encrypted goes back as its plain JSON instead. */
    private static Answer plainIfFaulty(Answer a, Fault fault) {
        if (!fault.plaintextSuccess() || a.violation() || a.cryptoKeyId() == null || a.status() < 200
                || a.status() >= 300) {
            return a;
        }
        return new Answer(a.status(), JSON, a.plaintext(), a.correlationId(), null, a.plaintext(), false);
    }

    static String corrupt(String compact) {
        int ciphertextStart = compact.indexOf('.', compact.indexOf('.', compact.indexOf('.') + 1) + 1) + 1;
        char[] chars = compact.toCharArray();
        // the first character of a Base64url segment carries 6 significant bits, so this always changes a byte
        chars[ciphertextStart] = chars[ciphertextStart] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private Answer violation(String path, ProtocolViolation v, String echoId) {
        admin.recordViolation(path, v.reason());
        admin.recordAnswer(KonaCode.INVALID_INPUT.code());
        Answer a = plain(400, new CodeMessage(KonaCode.INVALID_INPUT.code(),
                KonaCode.INVALID_INPUT.message() + " " + v.reason()), echoId);
        return new Answer(a.status(), a.contentType(), a.body(), a.correlationId(), null, a.plaintext(), true);
    }

    private Answer plain(int status, CodeMessage body, String echoId) {
        byte[] json = mapper.writeValueAsBytes(body);
        return new Answer(status, JSON, json, echoId, null, json, false);
    }

    private Mono<Void> send(HttpServerResponse response, Answer a, Fault fault) {
        if (fault.connectionReset()) {
            response.withConnection(c -> {
                c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                c.channel().close();
            });
            return Mono.empty();
        }
        if (fault.rollError()) {
            admin.recordAnswer("HTTP " + fault.errorStatus());
            a = plain(fault.errorStatus(), new CodeMessage("999_999",
                    "Sandbox injected HTTP " + fault.errorStatus() + "."), a.correlationId());
        }
        response.status(HttpResponseStatus.valueOf(a.status()))
                .header(HttpHeaderNames.CONTENT_TYPE, a.contentType())
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(a.body().length));
        if (a.correlationId() != null) {
            response.header(KmHeaders.CORRELATION_ID, a.correlationId());
        }
        if (a.cryptoKeyId() != null) {
            response.header(KmHeaders.CRYPTO_KEY_ID, a.cryptoKeyId());
        }
        return response.sendByteArray(Mono.just(a.body())).then();
    }

    /** The request's correlation id if it is well-formed enough to send back in a header. */
    static String echoableCorrelationId(String value) {
        if (value == null || value.length() != KmHeaders.CORRELATION_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '-')) {
                return null;
            }
        }
        return value;
    }
}
