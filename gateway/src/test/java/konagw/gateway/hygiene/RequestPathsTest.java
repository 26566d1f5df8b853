package konagw.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/member/register", "/api/v1/charge/", "/", "/actuator/health",
        "/api/v1/member/%EA%B9%80", "/.well-known/x", "/api/v1/a.b/..c", "/api/v1/%2e%2ex"})
    void aPathThatNeedsNoChangeIsServedAsItIs(String path) {
        RequestPaths.Verdict verdict = RequestPaths.check(path);
        assertThat(verdict.refused()).isFalse();
        assertThat(verdict.path()).isSameAs(path);
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/x/../member/register,          /api/v1/member/register",
        "/api//v1/member/register,              /api/v1/member/register",
        "/api/v1/./member/register,             /api/v1/member/register",
        "/api/v1/%2e/member/%2E%2e/member/x,    /api/v1/member/x",
        "/api/v1/member/.,                      /api/v1/member",
        "/api/v1/member//,                      /api/v1/member/",
        "//api///v1/charge,                     /api/v1/charge",
        "/x/../api/v1/charge,                   /api/v1/charge"
    })
    void dotAndEmptySegmentsAreResolved(String raw, String normalized) {
        assertThat(RequestPaths.check(raw).path()).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/../actuator/env", "/api/%2e%2e/actuator/env", "/api/.%2E/x", "/api/..",
        "/api/v1/../../x", "/..", "/api/../../etc/passwd", "/api/..;/actuator/env", "/api/v1;x=1/charge",
        "/api/v1/%2f..%2f..%2fx", "/api/v1/%5c..%5cx", "/api/v1\\..\\x", "/api/v1/%zz/..", "/api/v1/%e2%82/..",
        "/api/v1/%2/..", "/actuator//env", "/api/v1/%3b/.."})
    void aPathThatLeavesApiOrCannotBeMadeSafeIsRefused(String raw) {
        RequestPaths.Verdict verdict = RequestPaths.check(raw);
        assertThat(verdict.refused()).as(raw).isTrue();
        assertThat(verdict.refusal()).doesNotContain(raw);
    }
}
