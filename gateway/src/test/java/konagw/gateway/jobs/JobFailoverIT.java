package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import konagw.gateway.KonagwApplication;
import konagw.gateway.inquiry.InquiryHandler;
import konagw.gateway.support.HangDiagnostics;
import konagw.gateway.support.TestRedis;
import konagw.gateway.support.WithRedis;
import konagw.sandbox.Fault;
import konagw.sandbox.SandboxServer;
import konagw.sandbox.SandboxSettings;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway processes (separate JVMs, started from this test's class path) on one redis-server and one sandbox: a
 * job submitted to A, A killed with SIGKILL while it works on a chunk (no shutdown hook runs), and B finishes the
 * job, taking A's chunk over after {@code claim-after}: exactly one result per index, each the sandbox's account,
 * and no more upstream calls than distinct cards plus the one chunk A had in flight.
 */
@WithRedis
class JobFailoverIT {

    static final int CHUNK = 10;
    static final int CARDS = 200;

    static TestRedis redis;
    static SandboxServer vendor;
    static Path keys;
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start(TestRedis testRedis) throws IOException {
        redis = testRedis;
        vendor = SandboxServer.start(SandboxSettings.builder().build());
        keys = Files.createTempDirectory("konagw-jobs-failover-keys-");
        vendor.keys().writeGatewayHalf(keys);
    }

    @AfterAll
    static void stop() {
        processes.forEach(Process::destroyForcibly);
        vendor.close();
    }

    @Test
    void aJobSubmittedToAKilledReplicaIsFinishedByTheOtherWithExactlyOneResultPerIndex() throws Exception {
        int portA = freePort();
        int portB = freePort();
        Process a = launch("a", portA);
        Process b = launch("b", portB);
        awaitUp(portA);
        awaitUp(portB);
        vendor.admin().setFault(InquiryHandler.INQUIRY_PATH, Fault.latency(Duration.ofMillis(150)));

        List<String> cards = JobApi.freshCards(7_100_000L, CARDS);
        JobApi viaA = new JobApi(portA, "alpha");
        JobApi viaB = new JobApi(portB, "alpha");
        String id = viaA.submit(cards);
        viaB.awaitStatus(id, Duration.ofSeconds(60), s -> s.get("completed").asInt() >= 4 * CHUNK);
        assertThat(viaB.status(id).get("state").asString()).isEqualTo("RUNNING");

        a.destroyForcibly().waitFor(); // SIGKILL: A's chunk in flight stays unacknowledged in the stream
        assertThat(a.isAlive()).isFalse();

        JsonNode done = viaB.awaitDone(id, Duration.ofSeconds(120));
        assertThat(done.get("completed").asInt()).isEqualTo(CARDS);
        List<String> lines = viaB.results(id, 0);
        assertThat(lines).hasSize(CARDS + 1);
        for (int i = 0; i < CARDS; i++) {
            JobApi.assertAccount(lines.get(i), i, cards.get(i));
        }
        JsonNode summary = JobApi.JSON.readTree(lines.get(CARDS)).get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(CARDS);
        assertThat(summary.get("errors").size()).isZero();
        long calls = vendor.admin().requests(InquiryHandler.INQUIRY_PATH);
        assertThat(calls).as("upstream calls").isBetween((long) CARDS, (long) CARDS + CHUNK);
        assertThat(vendor.admin().violationCount()).isZero();
        // B took A's unacknowledged chunk over (its log names the job, never a card)
        assertThat(Files.readString(Path.of("target", "job-failover-b.log")))
                .contains("job chunk taken over from a replica that stopped working on it: job=" + id);
        b.destroy();
    }

    /** The application as its own JVM: this test's class path, the given properties as arguments. */
    static Process launch(String name, int port) throws IOException {
        var settings = vendor.settings();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                KonagwApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=" + freePort(),
                "--konaplate.base-url=" + vendor.baseUrl(),
                "--konaplate.asp-id=" + settings.credentials().aspId(),
                "--konaplate.access-key=" + settings.credentials().accessKey(),
                "--konaplate.secret-key=" + settings.credentials().secretKey(),
                "--konaplate.crypto.key-id=" + settings.cryptoKeyId(),
                "--konaplate.crypto.server-public-key=file:" + keys.resolve("server-cert.pem"),
                "--konaplate.crypto.client-private-key=file:" + keys.resolve("client-key.pem"),
                "--konagw.cache.redis-timeout=2s",
                "--konagw.auth.mode=mesh",
                "--konagw.jobs.chunk-size=" + CHUNK,
                "--konagw.jobs.concurrency=1",
                "--konagw.jobs.claim-after=3s"));
        command.addAll(redis.arguments());
        File log = Path.of("target", "job-failover-" + name + ".log").toFile();
        Process process = HangDiagnostics.watch(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
        processes.add(process);
        return process;
    }

    static void awaitUp(int port) {
        JobApi probe = new JobApi(port, "probe");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> probe.get(JobApi.JOBS + "/" + "0".repeat(32)).statusCode() == 404);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
