package konagw.sandbox;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.keys.KeyMaterial;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * A strict KONA PLATE emulator on plain Reactor Netty (no Spring), so that tests, benchmarks and the gateway's local
 * profile can start it in-process:
 * <pre>
 * try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.builder().build())) {
 *     URI upstream = sandbox.baseUrl();        // POST upstream + "/api/v1/card/virtual-account/inquiry"
 *     SandboxKeys keys = sandbox.keys();      // server certificate + client private key for the gateway
 * }
 * </pre>
 * It verifies every request (see README), answers the virtual-account inquiry for the test cards, echoes every other
 * {@code POST /api/**}, serves counters and fault injection under {@code /_sandbox}, and calls an affiliate back like
 * the vendor ({@code POST /_sandbox/callback}). A vendor-style base path
 * {@code /open-api} in front of {@code /api} is accepted and ignored. It has its own event loops and its own crypto
 * scheduler, so it competes with an in-process gateway only for CPU.
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);
    static final String VENDOR_BASE_PATH = "/open-api";

    private final SandboxSettings settings;
    private final SandboxKeys keys;
    private final AdminState admin;
    private final LoopResources loops;
    private final Scheduler crypto;
    private final DisposableServer server;
    private final URI baseUrl;
    private final SandboxTls tls;

    private SandboxServer(SandboxSettings settings, Clock clock, SandboxTls tls) {
        this.tls = tls;
        this.settings = Objects.requireNonNull(settings, "settings");
        X509Certificate certificate = KeyMaterial.selfSignedCertificate(settings.serverKeys(), "KONA PLATE sandbox");
        this.keys = new SandboxKeys(settings.cryptoKeyId(), certificate, settings.clientPrivateKey());
        this.admin = new AdminState(clock);

        Map<String, RSAPublicKey> clientKeys = new LinkedHashMap<>();
        clientKeys.put(settings.cryptoKeyId(), settings.clientPublicKey());
        clientKeys.putAll(settings.extraClientKeys());
        Map<String, JweEncryptor> encryptors = new LinkedHashMap<>();
        Map<String, RSAPrivateKey> serverKeysById = new LinkedHashMap<>();
        RSAPrivateKey serverPrivate = (RSAPrivateKey) settings.serverKeys().getPrivate();
        clientKeys.forEach((kid, key) -> {
            encryptors.put(kid, new JweEncryptor(key, kid, settings.jwe(), settings.provider()));
            serverKeysById.put(kid, serverPrivate);
        });
        JweDecryptor decryptor = new JweDecryptor(serverKeysById, settings.jwe(), settings.provider());

        JsonMapper mapper = JsonMapper.builder().build();
        SeenCorrelationIds seen = new SeenCorrelationIds(settings.skew());
        RequestVerifier verifier = new RequestVerifier(settings, clientKeys.keySet(), clock, seen, admin, mapper);
        int cores = Runtime.getRuntime().availableProcessors();
        // One thread per core for the RSA work, never more (it is CPU-bound). A bounded-elastic scheduler rather
        // than a parallel one: the JDK's RSA-OAEP padding (Cipher.wrap inside Nimbus) draws from NativePRNG, which now
        // and then refills from /dev/urandom - a FileInputStream read that BlockHound (watching an in-process gateway)
        // reports on a parallel scheduler's non-blocking threads. Seen in this module's tests.
        this.crypto = Schedulers.newBoundedElastic(Math.max(2, cores), Integer.MAX_VALUE, "sandbox-crypto", 60, true);
        this.loops = LoopResources.create("sandbox", Math.max(1, cores), true);
        ApiHandler api = new ApiHandler(verifier, decryptor, encryptors, settings, new VirtualAccounts(), admin,
                crypto, mapper);
        CallbackSender callbacks = new CallbackSender(settings, encryptors, decryptor, clock,
                // unpooled: a global pool would keep connections on these loops after close() disposes them
                crypto, HttpClient.create(ConnectionProvider.newConnection()).runOn(loops));
        AdminHttp adminHttp = new AdminHttp(admin, seen, mapper, keys, callbacks);
        try {
            HttpServer http = HttpServer.create()
                    .host(settings.host())
                    .port(settings.port())
                    .runOn(loops);
            if (tls != null) {
                io.netty.handler.ssl.SslContext context = tls.serverContext();
                http = http.secure(spec -> spec.sslContext(context));
            }
            this.server = http
                    .handle((request, response) -> dispatch(request, response, api, adminHttp))
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            crypto.dispose();
            loops.dispose();
            throw e;
        }
        String host = settings.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        this.baseUrl = tls != null ? URI.create("https://" + tls.hostName() + ":" + server.port())
                : URI.create("http://" + host + ":" + server.port());
        log.info("KONA PLATE sandbox listening on {}:{} (base URL {}, crypto key id {}, envelope {}, {}, skew {}{})",
                settings.host(), server.port(), baseUrl, settings.cryptoKeyId(), settings.envelope(), settings.jwe(),
                settings.skew(), tls == null ? "" : ", TLS " + tls.chain().get(0).getSubjectX500Principal()
                        + (tls.mutual() ? ", client certificates required" : ""));
    }

    /** Binds and starts a sandbox with the system clock. */
    public static SandboxServer start(SandboxSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** Binds and starts a sandbox whose time checks use {@code clock}. */
    public static SandboxServer start(SandboxSettings settings, Clock clock) {
        return new SandboxServer(settings, Objects.requireNonNull(clock, "clock"), null);
    }

    /**
     * Binds and starts a sandbox serving HTTPS ({@code tls} non-null; its base URL is then
     * {@code https://<tls.hostName()>:<port>}) or plain HTTP ({@code null}).
     */
    public static SandboxServer start(SandboxSettings settings, Clock clock, SandboxTls tls) {
        return new SandboxServer(settings, Objects.requireNonNull(clock, "clock"), tls);
    }

    /** Binds and starts a sandbox with the system clock serving HTTPS ({@code tls} non-null) or plain HTTP. */
    public static SandboxServer start(SandboxSettings settings, SandboxTls tls) {
        return start(settings, Clock.systemUTC(), tls);
    }

    private static Mono<Void> dispatch(HttpServerRequest request, HttpServerResponse response, ApiHandler api,
                                       AdminHttp adminHttp) {
        String path;
        try {
            path = request.fullPath();
        } catch (RuntimeException e) {
            return response.status(400).header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"message\":\"bad request path\"}")).then();
        }
        if (path.startsWith(VENDOR_BASE_PATH + "/api/")) {
            path = path.substring(VENDOR_BASE_PATH.length());
        }
        if (path.startsWith("/api/")) {
            return api.handle(request, response, path);
        }
        if (path.startsWith(AdminHttp.PREFIX + "/")) {
            return adminHttp.handle(request, response, path);
        }
        return response.status(404).header("Content-Type", "application/json")
                .sendString(Mono.just("{\"message\":\"not found\"}")).then();
    }

    public int port() {
        return server.port();
    }

    /**
     * {@code http://host:port}, or {@code https://<tls host name>:port}; the inquiry is at
     * {@code baseUrl() + "/api/v1/card/virtual-account/inquiry"}.
     */
    public URI baseUrl() {
        return baseUrl;
    }

    public SandboxSettings settings() {
        return settings;
    }

    public SandboxKeys keys() {
        return keys;
    }

    /** The HTTPS settings, or {@code null} for plain HTTP. */
    public SandboxTls tls() {
        return tls;
    }

    public SandboxAdmin admin() {
        return admin;
    }

    @Override
    public void close() {
        try {
            server.disposeNow(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("sandbox did not stop within 5 s: {}", e.toString());
        } finally {
            crypto.dispose();
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
        }
    }
}
