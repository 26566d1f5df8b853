package konagw.gateway.problem;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

import konagw.core.inquiry.VendorError;
import konagw.core.protocol.KmHeaders;
import konagw.core.protocol.KonaCode;
import konagw.gateway.upstream.UpstreamFailure;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Renders every error the facade can give as {@code application/problem+json}. */
public final class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final String INTERNAL_ERROR_CODE = "900_000";
    private static final String CACHE_HEADER = "X-Cache";

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** A vendor answer such as {@code 003_029}: its own status and code, and where it came from. */
    public Mono<ServerResponse> vendorError(VendorError error, String correlationId, String cacheHeader) {
        String title = KonaCode.byCode(error.code()).map(KonaCode::message).orElse(error.message());
        return write(Problem.of(error.httpStatus(), error.code(), title, error.message(), correlationId), null,
                cacheHeader);
    }

    public Mono<ServerResponse> gateway(KonaCode code, String detail, String correlationId) {
        return write(Problem.of(code.httpStatus(), code.code(), code.message(), detail, correlationId), null);
    }

    /** Maps any failure of a facade request to its problem; unexpected ones are logged, not shown. */
    public Mono<ServerResponse> failure(Throwable failure, String correlationId) {
        if (failure instanceof GatewayProblemException problem) {
            return gateway(problem.code(), problem.getMessage(), correlationId);
        }
        if (failure instanceof DataBufferLimitException) {
            return gateway(KonaCode.PAYLOAD_TOO_LARGE, "Request body exceeds the configured limit.", correlationId);
        }
        if (failure instanceof UpstreamFailure upstream) {
            KonaCode code = upstream.code();
            String id = upstream.correlationId() != null ? upstream.correlationId() : correlationId;
            return write(Problem.of(code.httpStatus(), code.code(), code.message(), upstream.getMessage(), id),
                    upstream.retryAfter() != null ? upstream.retryAfter()
                            : code == KonaCode.UPSTREAM_UNAVAILABLE ? Duration.ofSeconds(1) : null);
        }
        log.error("unexpected failure, correlationId={}", correlationId, failure);
        return write(Problem.of(500, INTERNAL_ERROR_CODE, "Internal gateway error.",
                "The gateway failed unexpectedly; the correlation id identifies the log entry.", correlationId), null);
    }

    private Mono<ServerResponse> write(Problem problem, Duration retryAfter) {
        return write(problem, retryAfter, null);
    }

    private Mono<ServerResponse> write(Problem problem, Duration retryAfter, String cacheHeader) {
        ServerResponse.BodyBuilder response = ServerResponse.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.correlationId() != null) {
            response.header(KmHeaders.CORRELATION_ID, problem.correlationId());
        }
        if (cacheHeader != null) {
            response.header(CACHE_HEADER, cacheHeader);
        }
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return response.bodyValue(json.writeValueAsBytes(problem));
    }
}
