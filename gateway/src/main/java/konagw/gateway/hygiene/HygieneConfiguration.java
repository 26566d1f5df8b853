package konagw.gateway.hygiene;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import konagw.gateway.problem.ProblemWriter;

/** What a request's URL may carry, checked once for every route before any handler sees it. */
@Configuration(proxyBeanMethods = false)
public class HygieneConfiguration {

    @Bean
    RequestUrlWebFilter requestUrlWebFilter(ProblemWriter problems) {
        return new RequestUrlWebFilter(problems);
    }
}
