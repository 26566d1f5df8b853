package konagw.gateway.inquiry;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.card.CardNumber;
import konagw.gateway.problem.ProblemWriter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plaintext facade: the vendor's own paths and bodies, so a caller switches by changing its base URL.
 * A plain WebFlux handler rather than a gateway route, because the cache-hit path must stay close to the
 * cost of a minimal handler.
 */
public final class InquiryHandler {

    public static final String INQUIRY_PATH = "/api/v1/card/virtual-account/inquiry";
    /** Exchange attribute: the card a request named, once read from its body (the audit trail masks it). */
    public static final String CARD_ATTRIBUTE = InquiryHandler.class.getName() + ".card";
    public static final String EVICT_PATH = "/api/v1/card/virtual-account/cache/evict";
    public static final String CACHE_HEADER = "X-Cache";

    private final VirtualAccountLookup lookup;
    private final RequestBodies bodies;
    private final CardNoReader reader;
    private final ProblemWriter problems;
    private final CorrelationIdGenerator correlationIds;
    private final JsonMapper json;

    public InquiryHandler(VirtualAccountLookup lookup, RequestBodies bodies, CardNoReader reader,
            ProblemWriter problems, CorrelationIdGenerator correlationIds, JsonMapper json) {
        this.lookup = lookup;
        this.bodies = bodies;
        this.reader = reader;
        this.problems = problems;
        this.correlationIds = correlationIds;
        this.json = json;
    }

    public Mono<ServerResponse> inquire(ServerRequest request) {
        boolean bypassCache = noCache(request.headers().header(HttpHeaders.CACHE_CONTROL))
                || noCache(request.headers().header(HttpHeaders.PRAGMA));
        return bodies.readJson(request)
                .map(body -> audited(request, reader.read(body)))
                .flatMap(card -> lookup.lookup(card, bypassCache))
                .flatMap(this::respond)
                .onErrorResume(failure -> problems.failure(failure, correlationIds.nextOrNull()));
    }

    public Mono<ServerResponse> evict(ServerRequest request) {
        return bodies.readJson(request)
                .map(body -> audited(request, reader.read(body)))
                .flatMap(lookup::evict)
                .then(ServerResponse.noContent().build())
                .onErrorResume(failure -> problems.failure(failure, correlationIds.nextOrNull()));
    }

    /** The card as read, for the audit event (which would otherwise copy and parse the body a second time). */
    private static CardNumber audited(ServerRequest request, CardNumber card) {
        request.exchange().getAttributes().put(CARD_ATTRIBUTE, card);
        return card;
    }

    private Mono<ServerResponse> respond(LookupResult result) {
        String correlationId = result.correlationId() != null ? result.correlationId() : correlationIds.nextOrNull();
        if (!result.found()) {
            return problems.vendorError(result.vendorError(), correlationId, result.source().cacheHeader());
        }
        return Mono.just(new AccountResponse(result.source().cacheHeader(), correlationId,
                json.writeValueAsBytes(AccountBody.of(result.account()))));
    }

    private static boolean noCache(List<String> values) {
        for (String value : values) {
            for (String directive : value.split(",")) {
                if (directive.trim().equalsIgnoreCase("no-cache")) {
                    return true;
                }
            }
        }
        return false;
    }
}
