package konagw.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import konagw.core.card.CardNumber;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.keys.KeyMaterial;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API outside {@code /api}, under {@value #PREFIX}:
 * <pre>
 * GET    /_sandbox/health            {"status":"UP"}
 * GET    /_sandbox/stats             counters, violations, faults (JSON)
 * POST   /_sandbox/reset             counters back to zero, remapped cards back to their own accounts (204)
 * PUT    /_sandbox/accounts          remap a card: {"cardNo":"…","accountNo":"…","bankCode":"…","connectType":"…",
 *                                    "status":"…"}; without accountNo the card gets its own account back (204)
 * GET    /_sandbox/faults            installed faults (JSON, global under "*")
 * PUT    /_sandbox/faults            install one: {"path":null|"/api/...","fixedLatencyMs":..,"randomLatencyMaxMs":..,
 *                                    "errorRate":..,"errorStatus":500|503,"connectionReset":..,"invalidJwe":..,
 *                                    "plaintextSuccess":..} (204)
 * DELETE /_sandbox/faults[?path=..]  remove all faults, or the one of a path (204)
 * GET    /_sandbox/server-cert.pem   the server certificate the gateway encrypts to
 * POST   /_sandbox/callback          call an affiliate back like the vendor: {"url":"http://host:port","path":"/cb",
 *                                    "body":{…},"encrypted":true,"keyId":null,"fault":null|"bad-token"|"token-over-other-body"|
 *                                    "replayed-correlation-id"|"time-outside-window"|"unknown-kid"|"tampered-jwe"|
 *                                    "wrong-asp-id"} → 200 {"status":…,"correlationId":…,"body":"…","plaintext":…}
 * </pre>
 */
final class AdminHttp {

    static final String PREFIX = "/_sandbox";

    private final AdminState admin;
    private final SeenCorrelationIds seen;
    private final JsonMapper mapper;
    private final byte[] serverCertificatePem;
    private final CallbackSender callbacks;

    AdminHttp(AdminState admin, SeenCorrelationIds seen, JsonMapper mapper, SandboxKeys keys, CallbackSender callbacks) {
        this.callbacks = callbacks;
        this.admin = admin;
        this.seen = seen;
        this.mapper = mapper;
        this.serverCertificatePem = KeyMaterial.toPem(keys.serverCertificate()).getBytes(StandardCharsets.US_ASCII);
    }

    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, String path) {
        HttpMethod method = request.method();
        String sub = path.substring(PREFIX.length());
        return switch (sub) {
            case "/health" -> method.equals(HttpMethod.GET)
                    ? json(response, 200, Map.of("status", "UP")) : notAllowed(response);
            case "/stats" -> method.equals(HttpMethod.GET) ? json(response, 200, stats()) : notAllowed(response);
            case "/reset" -> {
                if (!method.equals(HttpMethod.POST)) {
                    yield notAllowed(response);
                }
                admin.reset();
                yield noContent(response);
            }
            case "/faults" -> faults(request, response, method);
            case "/accounts" -> method.equals(HttpMethod.PUT) ? remap(request, response) : notAllowed(response);
            case "/callback" -> method.equals(HttpMethod.POST) ? callback(request, response) : notAllowed(response);
            case "/server-cert.pem" -> method.equals(HttpMethod.GET)
                    ? response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/x-pem-file")
                    .sendByteArray(Mono.just(serverCertificatePem)).then()
                    : notAllowed(response);
            default -> json(response, 404, Map.of("message", "unknown admin path"));
        };
    }

    /** The card number comes in the body, never in the URL. */
    private Mono<Void> remap(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            try {
                JsonNode n = mapper.readTree(body);
                if (n == null || !n.isObject() || !n.path("cardNo").isString()) {
                    throw new IllegalArgumentException("expected a JSON object with cardNo");
                }
                String card = CardNumber.parse(n.path("cardNo").asString()).digits();
                admin.remapCard(card, n.path("accountNo").isString()
                        ? new VirtualAccount(n.path("accountNo").asString(), n.path("bankCode").asString(),
                                n.path("connectType").asString("FIXATION"), n.path("status").asString("ACTIVE"))
                        : null);
                return noContent(response);
            } catch (JacksonException | IllegalArgumentException | IllegalStateException e) {
                return json(response, 400, Map.of("message", "bad account: " + e.getClass().getSimpleName()));
            }
        });
    }

    /** Sends one callback and reports what the affiliate answered (a transport failure is 502). */
    private Mono<Void> callback(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            URI url;
            String json;
            CallbackFault fault;
            boolean encrypted;
            String keyId;
            try {
                JsonNode n = mapper.readTree(body);
                if (n == null || !n.isObject() || !n.path("url").isString()) {
                    throw new IllegalArgumentException("expected a JSON object with url");
                }
                String base = n.path("url").asString();
                String path = n.path("path").asString("");
                url = URI.create(base.endsWith("/") && path.startsWith("/") ? base + path.substring(1) : base + path);
                JsonNode payload = n.get("body");
                json = payload == null || payload.isNull() ? "{}"
                        : payload.isString() ? payload.asString() : mapper.writeValueAsString(payload);
                encrypted = n.path("encrypted").asBoolean(true);
                keyId = n.path("keyId").isString() ? n.path("keyId").asString() : null;
                fault = CallbackFault.parse(n.path("fault").isString() ? n.path("fault").asString() : null);
            } catch (JacksonException | IllegalArgumentException e) {
                return json(response, 400, Map.of("message", "bad callback: " + e.getMessage()));
            }
            return callbacks.send(url, json, encrypted, keyId, fault)
                    .flatMap(result -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("status", result.status());
                        out.put("correlationId", result.correlationId());
                        out.put("body", result.body());
                        out.put("plaintext", result.plaintext());
                        return json(response, 200, out);
                    })
                    .onErrorResume(IllegalArgumentException.class, e -> json(response, 400,
                            Map.of("message", "bad callback: " + e.getMessage())))
                    .onErrorResume(e -> json(response, 502, Map.of("message", "callback not delivered: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage())));
        });
    }

    private Mono<Void> faults(HttpServerRequest request, HttpServerResponse response, HttpMethod method) {
        if (method.equals(HttpMethod.GET)) {
            Map<String, Object> out = new LinkedHashMap<>();
            admin.faults().forEach((p, f) -> out.put(p, faultJson(f)));
            return json(response, 200, out);
        }
        if (method.equals(HttpMethod.DELETE)) {
            List<String> paths = new QueryStringDecoder(request.uri()).parameters().get("path");
            if (paths == null || paths.isEmpty()) {
                admin.clearFaults();
            } else {
                paths.forEach(p -> admin.setFault(p, Fault.none()));
            }
            return noContent(response);
        }
        if (method.equals(HttpMethod.PUT)) {
            return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
                try {
                    JsonNode n = mapper.readTree(body);
                    if (n == null || !n.isObject()) {
                        throw new IllegalArgumentException("expected a JSON object");
                    }
                    Fault fault = new Fault(Duration.ofMillis(n.path("fixedLatencyMs").asLong(0)),
                            Duration.ofMillis(n.path("randomLatencyMaxMs").asLong(0)),
                            n.path("errorRate").asDouble(0.0), n.path("errorStatus").asInt(500),
                            n.path("connectionReset").asBoolean(false), n.path("invalidJwe").asBoolean(false),
                            n.path("plaintextSuccess").asBoolean(false));
                    JsonNode p = n.get("path");
                    admin.setFault(p == null || p.isNull() ? null : p.asString(), fault);
                    return noContent(response);
                } catch (JacksonException | IllegalArgumentException e) {
                    return json(response, 400, Map.of("message", "bad fault: " + e.getMessage()));
                }
            });
        }
        return notAllowed(response);
    }

    Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalRequests", admin.totalRequests());
        out.put("requestsByPath", admin.requestsByPath());
        out.put("answersByCode", admin.answersByCode());
        out.put("inquiriesByCardHash", admin.inquiriesByCardHash());
        out.put("untrackedCardInquiries", admin.untrackedCardInquiries());
        Map<String, Object> violations = new LinkedHashMap<>();
        violations.put("total", admin.violationCount());
        violations.put("byReason", admin.violationsByReason());
        List<Map<String, Object>> recent = new ArrayList<>();
        for (SandboxAdmin.Violation v : admin.violations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", v.at().toString());
            m.put("path", v.path());
            m.put("reason", v.reason());
            recent.add(m);
        }
        violations.put("recent", recent);
        out.put("violations", violations);
        out.put("duplicateCorrelationIds", admin.duplicateCorrelationIds());
        out.put("rememberedCorrelationIds", seen.size());
        Map<String, Object> faults = new LinkedHashMap<>();
        admin.faults().forEach((p, f) -> faults.put(p, faultJson(f)));
        out.put("faults", faults);
        return out;
    }

    static Map<String, Object> faultJson(Fault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fixedLatencyMs", f.fixedLatency().toMillis());
        m.put("randomLatencyMaxMs", f.randomLatencyMax().toMillis());
        m.put("errorRate", f.errorRate());
        m.put("errorStatus", f.errorStatus());
        m.put("connectionReset", f.connectionReset());
        m.put("invalidJwe", f.invalidJwe());
        m.put("plaintextSuccess", f.plaintextSuccess());
        return m;
    }

    private Mono<Void> json(HttpServerResponse response, int status, Object body) {
        byte[] bytes = mapper.writeValueAsBytes(body);
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, RequestVerifier.JSON)
                .sendByteArray(Mono.just(bytes)).then();
    }

    private static Mono<Void> noContent(HttpServerResponse response) {
        return response.status(204).send();
    }

    private Mono<Void> notAllowed(HttpServerResponse response) {
        return json(response, 405, Map.of("message", "method not allowed"));
    }
}
