package konagw.gateway.callbacks;

import java.text.ParseException;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JWEObject;

import io.netty.handler.codec.http.HttpHeaders;
import konagw.core.client.KonaplateClient;
import konagw.core.headers.SignedHeaders;
import konagw.core.headers.SignedHeadersException;
import konagw.core.headers.SignedHeadersVerifier;
import konagw.core.jwe.JweException;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a callback must pass before it is forwarded, replay aside: the signed headers (adapter-core's
 * {@link SignedHeadersVerifier}, the code path the sandbox verifies our requests with) and, on an encrypted route, a
 * JWE whose {@code kid} is one of our crypto key ids, decrypted with that key's client private key on the crypto
 * scheduler. The plaintext must be JSON. Failures are {@link CallbackRejected}.
 */
final class CallbackVerifier {

    private final SignedHeadersVerifier headers;
    private final KonaplateClient client;
    private final WireEnvelope envelope;
    private final Scheduler crypto;
    private final JsonMapper json;

    CallbackVerifier(SignedHeadersVerifier headers, KonaplateClient client, Scheduler crypto, JsonMapper json) {
        this.headers = headers;
        this.client = client;
        this.envelope = client.settings().envelope();
        this.crypto = crypto;
        this.json = json;
    }

    Mono<VerifiedCallback> verify(CallbackRoute route, HttpHeaders requestHeaders, byte[] body) {
        SignedHeaders signed;
        try {
            signed = headers.verify(requestHeaders::getAll, body);
        } catch (SignedHeadersException e) {
            return Mono.error(new CallbackRejected(e.reason().tag(), e.getMessage()));
        }
        String correlationId = signed.correlationId();
        if (!route.spec().encrypted()) {
            return Mono.fromCallable(() -> new VerifiedCallback(correlationId, requireJson(body)));
        }
        String compact;
        try {
            compact = unwrap(body);
            keyId(compact, requestHeaders);
        } catch (CallbackRejected e) {
            return Mono.error(e);
        }
        // the decryptor holds the client key of every crypto key id we have (two during a rotation) and picks by kid
        return Mono.fromCallable(() -> new VerifiedCallback(correlationId, requireJson(decrypt(compact))))
                .subscribeOn(crypto);
    }

    private String unwrap(byte[] body) {
        Optional<String> compact;
        try {
            compact = envelope.unwrap(body);
        } catch (RuntimeException e) {
            compact = Optional.empty();
        }
        return compact.orElseThrow(() -> new CallbackRejected("jwe", "JWE: the body is not a " + envelope + " JWE"));
    }

    /** The JWE's kid, required, and equal to {@code X-KM-Crypto-Key-Id} when the vendor sends that too. */
    private static String keyId(String compact, HttpHeaders requestHeaders) {
        String kid;
        try {
            kid = JWEObject.parse(compact).getHeader().getKeyID();
        } catch (ParseException | RuntimeException e) {
            throw new CallbackRejected("jwe", "JWE: not a JWE compact serialization");
        }
        if (kid == null) {
            throw new CallbackRejected("kid", "JWE: kid missing");
        }
        List<String> named = requestHeaders.getAll(KmHeaders.CRYPTO_KEY_ID);
        if (named.size() > 1 || (named.size() == 1 && !named.get(0).equals(kid))) {
            throw new CallbackRejected("kid", "JWE: kid does not equal " + KmHeaders.CRYPTO_KEY_ID);
        }
        return kid;
    }

    private byte[] decrypt(String compact) {
        try {
            return client.crypto().decryptor().decrypt(compact);
        } catch (JweException e) {
            throw e.kind() == JweException.Kind.UNKNOWN_KEY_ID
                    ? new CallbackRejected("kid", "JWE: kid is not one of our crypto key ids")
                    : new CallbackRejected("jwe", "JWE: " + e.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private byte[] requireJson(byte[] plaintext) {
        try {
            json.readTree(plaintext);
            return plaintext;
        } catch (JacksonException e) {
            throw new CallbackRejected("body", "body: not JSON");
        }
    }
}
