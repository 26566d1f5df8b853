package konagw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The PromQL reading and the scrape parsing that {@link PublishedMetricsTest} relies on. */
class PromQlTest {

    @Test
    void readsSelectorsAndGroupingOutOfAggregationsFunctionsAndRanges() {
        PromQl.Parsed parsed = PromQl.parse("""
                sum by (namespace) (rate(konagw_cache_requests_total{outcome="hit", namespace=~"$namespace"}[15m]))
                  / sum by (namespace) (rate(konagw_cache_requests_total[$__rate_interval])) < 0.5
                and on (namespace) histogram_quantile(0.99, sum(rate(x_seconds_bucket[5m])) by (le)) > 1e3
                """);
        assertThat(parsed.selectors()).containsExactly(
                new PromQl.Selector("konagw_cache_requests_total", List.of(
                        new PromQl.Matcher("outcome", "=", "hit"),
                        new PromQl.Matcher("namespace", "=~", "$namespace"))),
                new PromQl.Selector("konagw_cache_requests_total", List.of()),
                new PromQl.Selector("x_seconds_bucket", List.of()));
        assertThat(parsed.groupingLabels()).containsExactly("namespace", "le");
    }

    @Test
    void stringsMayHoldBracesCommasAndQuotes() {
        PromQl.Parsed parsed = PromQl.parse("max(m{a=\"x,}y\", b!~\"q\\\"r\"}) == 1");
        assertThat(parsed.selectors()).singleElement().satisfies(s -> assertThat(s.matchers()).containsExactly(
                new PromQl.Matcher("a", "=", "x,}y"), new PromQl.Matcher("b", "!~", "q\\\"r")));
    }

    @Test
    void matchersAreAnchoredAsPrometheusDoes() {
        assertThat(new PromQl.Matcher("s", "=~", "5..").matches("503")).isTrue();
        assertThat(new PromQl.Matcher("s", "=~", "5..").matches("1503")).isFalse();
        assertThat(new PromQl.Matcher("s", "=~", "open|forced_open").matches("half_open")).isFalse();
        assertThat(new PromQl.Matcher("s", "!=", "x").matches(null)).isTrue();
        assertThat(new PromQl.Matcher("s", "=", "").matches(null)).isTrue();
    }

    @Test
    void aSelectorWithoutAMetricNameIsRefused() {
        assertThatThrownBy(() -> PromQl.parse("sum({__name__=~\"konagw_.*\"})"))
                .hasMessageContaining("without a metric name");
    }

    @Test
    void aScrapeIsReadAsSeries() {
        Scrape scrape = Scrape.parse("""
                # HELP konagw_redis_degraded 1 while Redis is unavailable
                # TYPE konagw_redis_degraded gauge
                konagw_redis_degraded{application="konagw"} 0.0
                http_server_requests_seconds_count{application="konagw",error="none",uri="/a,\\"b\\"}"} 3
                process_cpu_usage 0.25
                """);
        assertThat(scrape.metrics()).containsExactly("http_server_requests_seconds_count", "konagw_redis_degraded",
                "process_cpu_usage");
        assertThat(scrape.of("http_server_requests_seconds_count")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("uri", "/a,\"b\"}").containsEntry("error", "none");
            assertThat(s.value()).isEqualTo(3.0);
        });
        assertThat(scrape.value("process_cpu_usage", Map.of())).hasValue(0.25);
    }

    @Test
    void aSelectorThatSelectsNothingIsReported() {
        Scrape scrape = Scrape.parse("""
                konagw_cache_requests_total{outcome="hit",result="account"} 1
                resilience4j_circuitbreaker_state{name="konaplate",state="open"} 0
                """);
        assertThat(PublishedMetricsTest.problemsOf("ok", "sum by (namespace, result) "
                + "(rate(konagw_cache_requests_total{namespace=~\"$namespace\", outcome=\"hit\"}[5m]))", scrape))
                .isEmpty();
        assertThat(PublishedMetricsTest.problemsOf("missing", "rate(konagw_nope_total[5m])", scrape))
                .singleElement().asString().contains("konagw_nope_total is not published");
        assertThat(PublishedMetricsTest.problemsOf("value", "resilience4j_circuitbreaker_state{name=\"redis\"}", scrape))
                .singleElement().asString().contains("matches none of");
        assertThat(PublishedMetricsTest.problemsOf("label", "sum by (kind) (konagw_cache_requests_total)", scrape))
                .singleElement().asString().contains("grouped by kind");
    }
}
