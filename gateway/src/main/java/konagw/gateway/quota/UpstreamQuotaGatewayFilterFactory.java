package konagw.gateway.quota;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.Problem;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code UpstreamQuota} (optionally {@code UpstreamQuota=BATCH}): a Spring Cloud Gateway route draws one upstream
 * permit before it forwards, from the same quota as the facade. Applied to every route through
 * {@code spring.cloud.gateway.server.webflux.default-filters[0]=UpstreamQuota}: every SCG route goes upstream.
 * Without a permit within {@code max-wait} the route answers 503 {@code 900_001} with {@code Retry-After} and
 * the request is not sent. Ordered late ({@link #ORDER}): authentication and validation filters run first, so
 * a rejected caller never spends a permit.
 */
public final class UpstreamQuotaGatewayFilterFactory
        extends AbstractGatewayFilterFactory<UpstreamQuotaGatewayFilterFactory.Config> {

    /** After every route filter the passthrough adds, before the routing filters (order 10000 and up). */
    public static final int ORDER = 9_000;

    private final UpstreamQuota quota;
    private final JsonMapper json;

    public UpstreamQuotaGatewayFilterFactory(UpstreamQuota quota, JsonMapper json) {
        super(Config.class);
        this.quota = quota;
        this.json = json;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("partition");
    }

    @Override
    public String name() {
        return "UpstreamQuota";
    }

    @Override
    public GatewayFilter apply(Config config) {
        Partition partition = config.getPartition() == null ? Partition.INTERACTIVE : config.getPartition();
        return new OrderedGatewayFilter((exchange, chain) -> quota.acquire(partition)
                .then(Mono.defer(() -> chain.filter(exchange)))
                .onErrorResume(UpstreamQuotaExceededException.class, refused -> reject(exchange, refused)), ORDER);
    }

    private Mono<Void> reject(ServerWebExchange exchange, UpstreamQuotaExceededException refused) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(refused);
        }
        KonaCode code = refused.code();
        byte[] body = json.writeValueAsBytes(Problem.of(code.httpStatus(), code.code(), code.message(),
                refused.getMessage(), null));
        response.setStatusCode(HttpStatus.valueOf(code.httpStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        long seconds = Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    public static final class Config {

        private Partition partition = Partition.INTERACTIVE;

        public Partition getPartition() {
            return partition;
        }

        public Config setPartition(Partition partition) {
            this.partition = partition;
            return this;
        }
    }
}
