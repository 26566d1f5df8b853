package konagw.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The route filter over a real in-process quota; the route itself is a counting chain. */
class UpstreamQuotaGatewayFilterFactoryTest {

    @Test
    void forwardsWithAPermitAndAnswers503ProblemWithRetryAfterWithout() {
        LocalUpstreamQuota quota = new LocalUpstreamQuota(QuotaLimits.of(1, 1, 0.5, Duration.ZERO),
                LocalUpstreamQuota.systemMicros(), new QuotaMetrics(new SimpleMeterRegistry()));
        UpstreamQuotaGatewayFilterFactory factory = new UpstreamQuotaGatewayFilterFactory(quota,
                JsonMapper.builder().build());
        GatewayFilter filter = factory.apply(new UpstreamQuotaGatewayFilterFactory.Config());
        assertThat(((OrderedGatewayFilter) filter).getOrder()).isEqualTo(UpstreamQuotaGatewayFilterFactory.ORDER);
        assertThat(factory.name()).isEqualTo("UpstreamQuota");
        AtomicInteger forwarded = new AtomicInteger();

        MockServerWebExchange first = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/anything"));
        StepVerifier.create(filter.filter(first, exchange -> Mono.fromRunnable(forwarded::incrementAndGet)))
                .verifyComplete();
        assertThat(forwarded).hasValue(1);

        MockServerWebExchange second = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/anything"));
        StepVerifier.create(filter.filter(second, exchange -> Mono.fromRunnable(forwarded::incrementAndGet)))
                .verifyComplete();
        assertThat(forwarded).hasValue(1);
        assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(second.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(second.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        StepVerifier.create(second.getResponse().getBodyAsString())
                .assertNext(body -> assertThat(body).contains("\"code\":\"900_001\"").contains("\"status\":503"))
                .verifyComplete();
    }
}
