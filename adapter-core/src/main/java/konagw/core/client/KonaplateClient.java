package konagw.core.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Objects;
import konagw.core.card.CardNumber;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.inquiry.VirtualAccountInquiryRequest;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.KmHeaders;
import konagw.core.time.TranClock;
import konagw.core.time.TranTime;
import konagw.core.token.TranTokenSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Performs one signed, encrypted exchange with KONA PLATE. A vendor answer, success or error, is a
 * {@link KonaResponse} value; a transport failure ({@link UpstreamTransportException}) or an answer that cannot
 * be trusted ({@link UpstreamUnusableException}) is a Mono error. Each subscription is a new attempt with a new
 * correlation id, tran time and token. No caching, retries or circuit breaking here: callers compose those.
 *
 * <p>Encryption (an RSA public-key operation, cheap) runs on the subscribing thread; decryption (an RSA
 * private-key operation, around a millisecond) runs on the crypto scheduler, never on the Netty event loop.
 */
public final class KonaplateClient {

    public static final String INQUIRY_PATH = "/api/v1/card/virtual-account/inquiry";
    /** Upper bound on a response body; the inquiry's answer is a few hundred bytes. */
    public static final int MAX_RESPONSE_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(KonaplateClient.class);
    private static final String JSON = "application/json";

    private final KonaplateClientSettings settings;
    private final HttpClient http;
    private final TranClock clock;
    private final CorrelationIdGenerator correlationIds;
    private final Scheduler cryptoScheduler;
    private final TranTokenSigner signer;
    private final WireEnvelope envelope;
    /** Swapped whole by {@link #useCrypto}; read once per exchange (one volatile read on the hot path). */
    private volatile Crypto crypto;
    private final String baseUrl;
    private final String timeZoneCode;

    public KonaplateClient(KonaplateClientSettings settings, HttpClient reactorNettyHttpClient, TranClock clock,
            CorrelationIdGenerator correlationIds, Scheduler cryptoScheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.correlationIds = Objects.requireNonNull(correlationIds, "correlationIds");
        this.cryptoScheduler = Objects.requireNonNull(cryptoScheduler, "cryptoScheduler");
        this.http = Objects.requireNonNull(reactorNettyHttpClient, "reactorNettyHttpClient")
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .responseTimeout(settings.responseTimeout());
        this.signer = new TranTokenSigner(settings.credentials().secretKey());
        this.envelope = settings.envelope();
        this.crypto = new Crypto(CryptoKeys.of(settings), new ResponseReader(settings.decryptor(), envelope), settings);
        String base = settings.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        // The header names the zone the times are written in, so it must be the clock's zone.
        this.timeZoneCode = clock.zone().code();
    }

    public Mono<KonaResponse<VirtualAccount>> inquireVirtualAccount(CardNumber card) {
        Objects.requireNonNull(card, "card");
        return send(INQUIRY_PATH, VirtualAccountInquiryRequest.json(card), true, ResponseReader::virtualAccount);
    }

    /**
     * One exchange with any API path: the body is sent (encrypted when asked), the answer's plaintext returned.
     *
     * @param path               e.g. {@code /api/v1/...}, appended to the base URL
     * @param plaintextJsonBody  the JSON to send, before encryption
     */
    public Mono<KonaResponse<byte[]>> exchange(String path, byte[] plaintextJsonBody, boolean encrypted) {
        Objects.requireNonNull(plaintextJsonBody, "plaintextJsonBody");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/'");
        }
        return send(path, plaintextJsonBody, encrypted, ResponseReader::plaintext);
    }

    /**
     * The settings with the crypto currently in use ({@link #useCrypto} may have replaced it): one volatile read,
     * so code that does its own exchanges (e.g. gateway routes) can call it per exchange and follow key reloads.
     */
    public KonaplateClientSettings settings() {
        return crypto.settings();
    }

    /** The key id, encryptor and decryptor the next exchange will use. */
    public CryptoKeys crypto() {
        return crypto.keys();
    }

    /**
     * Replaces the key id, encryptor and decryptor for exchanges that start from now on (reloaded key files, a
     * rotation). Exchanges in flight finish with the keys they started with.
     */
    public void useCrypto(CryptoKeys keys) {
        Objects.requireNonNull(keys, "keys");
        KonaplateClientSettings current = new KonaplateClientSettings(settings.baseUrl(), settings.credentials(),
                keys.cryptoKeyId(), keys.encryptor(), keys.decryptor(), settings.envelope(), settings.timeZone(),
                settings.connectTimeout(), settings.responseTimeout());
        this.crypto = new Crypto(keys, new ResponseReader(keys.decryptor(), envelope), current);
    }

    private <T> Mono<KonaResponse<T>> send(String path, byte[] plaintext, boolean encrypted,
            ResponseReader.SuccessParser<T> parser) {
        String uri = baseUrl + path;
        Mono<KonaResponse<T>> exchange = Mono.defer(() -> {
            Crypto keys = crypto;
            ResponseReader reader = keys.reader();
            String correlationId = correlationIds.next();
            TranTime time = clock.now();
            byte[] body = encrypted ? envelope.wrap(keys.keys().encryptor().encrypt(plaintext)) : plaintext;
            String token = signer.sign(time.tokenTime(), body);
            String contentType = encrypted ? envelope.contentType() : JSON;
            return http.post()
                    .uri(uri)
                    .send((request, out) -> {
                        request.header(KmHeaders.USER_ASP_ID, settings.credentials().aspId())
                                .header(KmHeaders.CORRELATION_ID, correlationId)
                                .header(KmHeaders.ACCESS_KEY, settings.credentials().accessKey())
                                .header(KmHeaders.TRAN_TOKEN, token)
                                .header(KmHeaders.TRAN_TIME, time.tranTime())
                                .header(KmHeaders.TIME_ZONE, timeZoneCode)
                                .header(HttpHeaderNames.ACCEPT, JSON)
                                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                        if (encrypted) {
                            request.header(KmHeaders.CRYPTO_KEY_ID, keys.keys().cryptoKeyId());
                        }
                        return out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
                    })
                    .response((response, content) -> {
                        long declared = response.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
                        if (declared > MAX_RESPONSE_BYTES) {
                            return Mono.error(BodyCollector.tooLarge(MAX_RESPONSE_BYTES, correlationId));
                        }
                        int status = response.status().code();
                        String echoed = response.responseHeaders().get(KmHeaders.CORRELATION_ID);
                        return content.asByteArray()
                                .collect(() -> new BodyCollector(MAX_RESPONSE_BYTES, correlationId), BodyCollector::add)
                                .map(collected -> new RawResponse(status, echoed, collected.bytes()));
                    })
                    .single()
                    .onErrorMap(error -> TransportFailures.classify(error, correlationId))
                    .publishOn(cryptoScheduler)
                    .map(raw -> {
                        log.debug("konaplate {} correlationId={} status={} bytes={}", path, correlationId,
                                raw.status(), raw.body().length);
                        return reader.read(raw, correlationId, parser, encrypted);
                    });
        });
        // RSA-OAEP padding draws from the JDK's default SecureRandom (a /dev/urandom read per call), so
        // an encrypted exchange starts on the crypto scheduler rather than on the caller's event loop.
        return encrypted ? exchange.subscribeOn(cryptoScheduler) : exchange;
    }

    /** The keys, the reader built on their decryptor and the settings naming them, swapped together. */
    private record Crypto(CryptoKeys keys, ResponseReader reader, KonaplateClientSettings settings) {
    }
}
