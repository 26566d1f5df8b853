package konagw.gateway.callbacks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real internal HTTP service for the tests: records every request it receives and answers as told. */
final class InternalReceiver implements AutoCloseable {

    record Received(String method, String path, Map<String, String> headers, String body) {
    }

    record Answer(int status, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Answer> answer =
            new AtomicReference<>(new Answer(200, "{\"code\":\"000_000\",\"message\":\"Success.\",\"accepted\":true}"));
    private final DisposableServer server;

    InternalReceiver() {
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                            request.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
                            received.add(new Received(request.method().name(), request.uri(), headers, body));
                            Answer a = answer.get();
                            // a path ending in /slow answers after the routes' timeouts
                            Duration delay = request.uri().endsWith("/slow") ? Duration.ofSeconds(2) : Duration.ZERO;
                            return Mono.delay(delay).then(response.status(a.status())
                                    .header("Content-Type", "application/json")
                                    .sendString(Mono.just(a.body())).then());
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void clear() {
        received.clear();
    }

    void answer(int status, String body) {
        answer.set(new Answer(status, body));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
