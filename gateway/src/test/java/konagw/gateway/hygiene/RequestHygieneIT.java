package konagw.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import konagw.gateway.support.GatewayIntegrationTest;
import konagw.gateway.support.RawHttp;

/**
 * What a request's URL and body may carry, probed against the running gateway with the real sandbox behind it:
 * every refusal is a 400 {@code 000_002} problem and the sandbox receives nothing. Requests go out through a raw
 * socket, so the path arrives exactly as written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "konagw.routes[0].id=plain",
    "konagw.routes[0].paths[0]=/api/v1/plain/**",
    "konagw.routes[0].encrypted=false"
})
@ExtendWith(OutputCaptureExtension.class)
class RequestHygieneIT extends GatewayIntegrationTest {

    static final String CARD = "9410000000000001";
    static final String CARD_BODY = "{\"cardNo\":\"" + CARD + "\"}";
    static final String MEMBER = "/api/v1/member/register";

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/card/virtual-account/inquiry",
        "/api/v1/card/virtual-account/inquiry/",
        "/api/v1/card/virtual-account/./inquiry",
        "/api/v1/card/virtual-account/cache/evict",
        "/api/v1/card/virtual-account/inquiry/batch",
        "/api/v1/card/virtual-account/inquiry/jobs"
    })
    void aQueryStringOnAPathThatTakesCardsIsRefusedNeverEchoedNorLogged(String path, CapturedOutput output) {
        String body = path.endsWith("/batch") ? "{\"cardNos\":[\"" + CARD + "\"]}" : CARD_BODY;
        RawHttp.Response answer = RawHttp.post(port, path + "?cardNo=" + CARD, MediaType.APPLICATION_JSON_VALUE,
                body);
        assertRefused(answer);
        assertThat(answer.body()).doesNotContain(CARD).doesNotContain("cardNo=");
        assertThat(output.getAll()).doesNotContain(CARD);
        assertThat(cacheKeyCount()).isEqualTo("0");
    }

    @Test
    void anEmptyQueryStringIsRefusedToo() {
        assertRefused(RawHttp.post(port, "/api/v1/card/virtual-account/inquiry?", MediaType.APPLICATION_JSON_VALUE,
                CARD_BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/../actuator/env",
        "/api/%2e%2e/actuator/env",
        "/api/%2E%2E/_sandbox/stats",
        "/api/.%2e/actuator/env",
        "/api/v1/../../_sandbox/reset",
        "/api/v1/member/../../../actuator/env",
        "//api/../actuator/env",
        "/api/..;/actuator/env",
        "/api/v1;x=1/member/register",
        "/api/v1/%2f..%2f..%2factuator/env",
        "/api/v1/%5c..%5c..%5cactuator/env",
        "/api/.."
    })
    void aPassthroughPathThatLeavesApiOnceNormalizedIsRefusedAndNeverForwarded(String target) {
        assertRefused(RawHttp.post(port, target, MediaType.APPLICATION_JSON_VALUE, "{\"memberId\":\"M-1\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/x/../member/register",
        "/api//v1/member/register",
        "/api/v1/./member/register",
        "/api/v1/%2e/member/%2E%2e/member/register"
    })
    void aPathThatStaysUnderApiIsForwardedNormalized(String target) {
        String body = "{\"memberId\":\"M-1\"}";
        RawHttp.Response answer = RawHttp.post(port, target, MediaType.APPLICATION_JSON_VALUE, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(body);
        assertThat(sandbox().requests(MEMBER)).isEqualTo(1);
        assertThat(sandbox().totalRequests()).isEqualTo(1);
        assertThat(sandbox().violations()).isEmpty();
    }

    @Test
    void theFacadeServesItsPathBehindADotSegment() {
        RawHttp.Response answer = RawHttp.post(port, "/api/v1/card/virtual-account/x/../inquiry",
                MediaType.APPLICATION_JSON_VALUE, CARD_BODY);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Cache")).isEqualTo("MISS");
        assertThat(sandbox().totalRequests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"a\":1", "{\"a\":1} {\"b\":2}", "{\"a\":1}x", "   ", "{'a':1}",
        "{\"a\":\"unterminated}"})
    void aPassthroughBodyThatIsNotJsonIsRefusedBeforeAnythingGoesUpstream(String body) {
        assertRefused(RawHttp.post(port, MEMBER, MediaType.APPLICATION_JSON_VALUE, body));
        assertRefused(RawHttp.post(port, "/api/v1/plain/echo", MediaType.APPLICATION_JSON_VALUE, body));
    }

    @Test
    void aWellFormedJsonValueStillGoesThrough() {
        RawHttp.Response answer = RawHttp.post(port, MEMBER, MediaType.APPLICATION_JSON_VALUE,
                " {\"a\":[1,{\"b\":null}],\"c\":\"한글\"} ");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(sandbox().requests(MEMBER)).isEqualTo(1);
    }

    private void assertRefused(RawHttp.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.body()).contains("\"code\":\"000_002\"");
        assertThat(sandbox().totalRequests()).as("requests the sandbox received").isZero();
    }
}
