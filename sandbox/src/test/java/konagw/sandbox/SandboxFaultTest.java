package konagw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import konagw.core.card.CardNumber;
import konagw.core.client.KonaplateClient;
import konagw.core.client.KonaResponse;
import konagw.core.client.UpstreamTransportException;
import konagw.core.client.UpstreamUnusableException;
import konagw.core.jwe.JweException;
import reactor.test.StepVerifier;

/** Each fault mode, seen through adapter-core's client (or a raw client where the client would hide it). */
class SandboxFaultTest {

    private static final CardNumber CARD = CardNumber.parse("9410000000000001");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static SandboxServer sandbox;
    private static KonaplateClient client;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxSettings.builder().build());
        client = TestClients.client(sandbox);
    }

    @AfterEach
    void clear() {
        sandbox.admin().clearFaults();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void fixedLatencyDelaysTheAnswer() {
        Duration latency = Duration.ofMillis(400);
        sandbox.admin().setFault(null, Fault.latency(latency));
        Duration took = StepVerifier.create(client.inquireVirtualAccount(CARD))
                .expectNextMatches(r -> r instanceof KonaResponse.Success)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(took).isGreaterThanOrEqualTo(latency);
    }

    @Test
    void randomLatencyStillAnswers() {
        sandbox.admin().setFault(ApiHandler.INQUIRY_PATH, new Fault(Duration.ofMillis(50), Duration.ofMillis(100),
                0, 500, false, false));
        Duration took = StepVerifier.create(client.inquireVirtualAccount(CARD))
                .expectNextMatches(r -> r instanceof KonaResponse.Success)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("errors 1.0 / 500", Fault.errors(1.0, 500), serverError(500)),
                Arguments.of("errors 1.0 / 503", Fault.errors(1.0, 503), serverError(503)),
                Arguments.of("connection reset", Fault.connectionResetFault(),
                        (Predicate<Throwable>) e -> e instanceof UpstreamTransportException),
                Arguments.of("invalid JWE", Fault.invalidJweFault(), (Predicate<Throwable>) e ->
                        e instanceof UpstreamUnusableException u && u.kind() == UpstreamUnusableException.Kind.BAD_JWE));
    }

    private static Predicate<Throwable> serverError(int status) {
        return e -> e instanceof UpstreamTransportException t
                && t.kind() == UpstreamTransportException.Kind.SERVER_ERROR && t.status() == status;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultDoesWhatItSays(String name, Fault fault, Predicate<Throwable> expected) {
        sandbox.admin().setFault(null, fault);
        StepVerifier.create(client.inquireVirtualAccount(CARD))
                .expectErrorMatches(expected)
                .verify(TIMEOUT);
        // the request itself was fine: verified and counted, no violation
        assertThat(sandbox.admin().violations()).isEmpty();
    }

    @Test
    void aPlainSuccessToAnEncryptedRequestIsRejectedAsNotEncrypted() {
        sandbox.admin().setFault(null, Fault.plaintextSuccessFault());
        Predicate<Throwable> notEncrypted = e -> e instanceof UpstreamUnusableException u
                && u.kind() == UpstreamUnusableException.Kind.BAD_JWE
                && u.getCause() instanceof JweException jwe && jwe.kind() == JweException.Kind.NOT_ENCRYPTED;
        StepVerifier.create(client.inquireVirtualAccount(CARD))
                .expectErrorMatches(notEncrypted)
                .verify(TIMEOUT);
        StepVerifier.create(client.exchange("/api/v1/echo", "{\"a\":1}".getBytes(), true))
                .expectErrorMatches(notEncrypted)
                .verify(TIMEOUT);
        assertThat(sandbox.admin().violations()).isEmpty();
    }

    @Test
    void aPlainSuccessFaultLeavesPlainRequestsAndVendorErrorsAlone() {
        sandbox.admin().setFault(null, Fault.plaintextSuccessFault());
        // a plain route's answer is plain anyway
        StepVerifier.create(client.exchange("/api/v1/echo", "{\"a\":1}".getBytes(), false))
                .expectNextMatches(r -> r instanceof KonaResponse.Success)
                .expectComplete()
                .verify(TIMEOUT);
        // an error may come plain (it does by default): still the vendor's answer
        StepVerifier.create(client.inquireVirtualAccount(CardNumber.parse("9410000000000029")))
                .expectNextMatches(r -> r instanceof KonaResponse.Failure<?> f && f.error().code().equals("003_029"))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void connectionResetIsAConnectionErrorForARawClient() {
        sandbox.admin().setFault(null, Fault.connectionResetFault());
        RawExchange raw = new RawExchange(sandbox);
        StepVerifier.create(raw.send(raw.encrypted(ApiHandler.INQUIRY_PATH, "{\"cardNo\":\"9410000000000001\"}")))
                .expectError()
                .verify(TIMEOUT);
    }

    @Test
    void invalidJweAlsoBreaksPlainAnswers() {
        sandbox.admin().setFault("/api/v1/echo", Fault.invalidJweFault());
        StepVerifier.create(client.exchange("/api/v1/echo", "{\"a\":1}".getBytes(), false))
                .expectErrorMatches(e -> e instanceof UpstreamUnusableException u
                        && u.kind() == UpstreamUnusableException.Kind.BAD_JWE)
                .verify(TIMEOUT);
    }

    @Test
    void aPathFaultLeavesOtherPathsAlone() {
        sandbox.admin().setFault("/api/v1/echo", Fault.errors(1.0, 503));
        assertThat(client.inquireVirtualAccount(CARD).block(TIMEOUT)).isInstanceOf(KonaResponse.Success.class);
        StepVerifier.create(client.exchange("/api/v1/echo", "{}".getBytes(), true))
                .expectErrorMatches(serverError(503))
                .verify(TIMEOUT);
        assertThat(sandbox.admin().faults()).containsOnlyKeys("/api/v1/echo");
        sandbox.admin().setFault("/api/v1/echo", Fault.none());
        assertThat(client.exchange("/api/v1/echo", "{}".getBytes(), true).block(TIMEOUT))
                .isInstanceOf(KonaResponse.Success.class);
    }

    @Test
    void aPathFaultOverridesTheGlobalOne() {
        sandbox.admin().setFault(null, Fault.errors(1.0, 500));
        sandbox.admin().setFault(ApiHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(1)));
        assertThat(client.inquireVirtualAccount(CARD).block(TIMEOUT)).isInstanceOf(KonaResponse.Success.class);
    }

    @Test
    void anErrorRateBelowOneFailsSomeAnswers() {
        sandbox.admin().setFault(null, Fault.errors(0.5, 503));
        int failures = 0;
        for (int i = 0; i < 40; i++) {
            try {
                client.inquireVirtualAccount(CARD).block(TIMEOUT);
            } catch (UpstreamTransportException e) {
                failures++;
            }
        }
        // P(all 40 equal) = 2 * 0.5^40
        assertThat(failures).isBetween(1, 39);
    }
}
