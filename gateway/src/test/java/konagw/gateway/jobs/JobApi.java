package konagw.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import konagw.core.inquiry.VirtualAccount;
import konagw.sandbox.SandboxDataset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The jobs API over real HTTP, as a client (mesh identity header) sees it; blocking, for test threads only. */
final class JobApi {

    static final String JOBS = JobsHandler.JOBS_PATH;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String client;

    JobApi(int port, String client) {
        this.base = "http://127.0.0.1:" + port;
        this.client = client;
    }

    JobApi as(String otherClient) {
        return new JobApi(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherClient);
    }

    HttpResponse<String> submit(String contentType, String body, String idempotencyKey) {
        HttpRequest.Builder request = request(JOBS).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (idempotencyKey != null) {
            request.header(JobsHandler.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return send(request.build());
    }

    /** Submits {@code {"cardNos":[…]}}; asserts the 202 and returns the job id. */
    String submit(List<String> cards) {
        HttpResponse<String> response = submit("application/json", cardNos(cards), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode status = JSON.readTree(response.body());
        String id = status.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue(JOBS + "/" + id);
        return id;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    JsonNode status(String id) {
        HttpResponse<String> response = get(JOBS + "/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    JsonNode awaitStatus(String id, Duration within, Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> status(id), condition);
    }

    JsonNode awaitDone(String id, Duration within) {
        return awaitStatus(id, within, s -> "DONE".equals(s.get("state").asString()));
    }

    /** The result lines from {@code from} (the summary line included when there is one). */
    List<String> results(String id, int from) {
        HttpResponse<String> response = get(JOBS + "/" + id + "/results" + (from > 0 ? "?from=" + from : ""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        return response.body().isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(response.body().split("\n")));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-Client-Id", client);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String cardNos(List<String> cards) {
        StringBuilder body = new StringBuilder("{\"cardNos\":[");
        for (int i = 0; i < cards.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(cards.get(i)).append('"');
        }
        return body.append("]}").toString();
    }

    /** {@code count} fresh 9420… cards (the sandbox derives an account for each) from {@code seed} on. */
    static List<String> freshCards(long seed, int count) {
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cards.add("9420" + String.format("%012d", seed + i * 7919L));
        }
        return cards;
    }

    /** Asserts that a result line is the sandbox's account of the card, with its index. */
    static void assertAccount(String line, int index, String card) {
        JsonNode result = JSON.readTree(line);
        VirtualAccount expected = SandboxDataset.accountOf(card);
        assertThat(result.get("index").asInt()).as(line).isEqualTo(index);
        assertThat(result.has("error")).as(line).isFalse();
        assertThat(result.get("accountNo").asString()).as(line).isEqualTo(expected.accountNo());
        assertThat(result.get("bankCode").asString()).as(line).isEqualTo(expected.bankCode());
        assertThat(result.get("connectType").asString()).isEqualTo(expected.connectType());
        assertThat(result.get("status").asString()).isEqualTo(expected.status());
    }
}
