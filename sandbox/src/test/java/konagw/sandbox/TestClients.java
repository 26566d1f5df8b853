package konagw.sandbox;

import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaplateClientSettings;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweSettings;
import konagw.core.jwe.WireEnvelope;
import konagw.core.protocol.ApiCredentials;
import konagw.core.time.KonaTimeZone;
import konagw.core.time.TranClock;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/** adapter-core's real client, configured the way the gateway would be against a sandbox. */
final class TestClients {

    private static final KonaTimeZone KST = KonaTimeZone.of("KST");

    private static final AtomicInteger INSTANCE_IDS = new AtomicInteger(1);

    private TestClients() {
    }

    /** A correlation id generator with an instance id of its own, so that generators in one JVM never collide. */
    static CorrelationIdGenerator ids() {
        return new CorrelationIdGenerator(Clock.systemUTC(), KST.zone(),
                INSTANCE_IDS.getAndIncrement() % (CorrelationIdGenerator.MAX_INSTANCE_ID + 1));
    }

    /** A well-formed correlation id whose timestamp is {@code at} (KST). */
    static String idAt(java.time.Instant at) {
        return new CorrelationIdGenerator(Clock.fixed(at, java.time.ZoneOffset.UTC), KST.zone(),
                INSTANCE_IDS.getAndIncrement() % (CorrelationIdGenerator.MAX_INSTANCE_ID + 1)).next();
    }

    static KonaplateClient client(SandboxServer sandbox) {
        SandboxSettings s = sandbox.settings();
        return client(sandbox.baseUrl(), s.credentials(), s.cryptoKeyId(),
                (RSAPublicKey) sandbox.keys().serverCertificate().getPublicKey(), sandbox.keys().clientPrivateKey(),
                s.jwe(), s.envelope());
    }

    /** As {@link #client(SandboxServer)}, over {@code http} (e.g. one configured for TLS). */
    static KonaplateClient client(SandboxServer sandbox, HttpClient http) {
        SandboxSettings s = sandbox.settings();
        return client(sandbox.baseUrl(), s.credentials(), s.cryptoKeyId(),
                (RSAPublicKey) sandbox.keys().serverCertificate().getPublicKey(), sandbox.keys().clientPrivateKey(),
                s.jwe(), s.envelope(), http);
    }

    static KonaplateClient client(URI baseUrl, ApiCredentials credentials, String keyId, RSAPublicKey serverPublic,
                                  RSAPrivateKey clientPrivate, JweSettings jwe, WireEnvelope envelope) {
        return client(baseUrl, credentials, keyId, serverPublic, clientPrivate, jwe, envelope, HttpClient.create());
    }

    static KonaplateClient client(URI baseUrl, ApiCredentials credentials, String keyId, RSAPublicKey serverPublic,
                                  RSAPrivateKey clientPrivate, JweSettings jwe, WireEnvelope envelope,
                                  HttpClient http) {
        KonaplateClientSettings settings = new KonaplateClientSettings(baseUrl, credentials, keyId,
                new JweEncryptor(serverPublic, keyId, jwe), JweDecryptor.single(keyId, clientPrivate, jwe), envelope,
                KST, Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new KonaplateClient(settings, http, new TranClock(Clock.systemUTC(), KST),
                ids(), Schedulers.boundedElastic());
    }
}
