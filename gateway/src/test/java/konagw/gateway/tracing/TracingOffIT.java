package konagw.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import konagw.gateway.support.GatewayIntegrationTest;

/**
 * Without an OTLP endpoint the application traces nothing: no tracer, no tracing handler on the observation
 * registry (so an observation gets no span), and the gateway's own spans are not even observations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TracingOffIT extends GatewayIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    ObservationRegistry registry;

    @Autowired
    Spans spans;

    @Test
    void noEndpointMeansNoTracerNoTracingHandlerAndNoSpans() {
        assertThat(context.getBeanNamesForType(Tracer.class)).isEmpty();
        assertThat(context.getBeansOfType(ObservationHandler.class).values())
                .noneMatch(handler -> handler instanceof TracingObservationHandler<?>);
        assertThat(spans.active()).isFalse();

        Observation observation = Observation.start("konagw.probe", registry);
        observation.stop();
        Object tracing = observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        assertThat(tracing).isNull();

        inquireCard("9410000000000001").expectStatus().isOk();
    }
}
