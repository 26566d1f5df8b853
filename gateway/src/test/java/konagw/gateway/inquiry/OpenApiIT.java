package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;

import konagw.gateway.support.GatewayIntegrationTest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI description matches the handlers (their paths, the fields they write), names every route the
 * application serves, and is the document checked in as docs/openapi.json.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIT extends GatewayIntegrationTest {

    static final Path DOCUMENT = Path.of("../docs/openapi.json");
    static final Path SERVED = Path.of("target/openapi.json");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @Test
    void everyRouteTheApplicationServesIsDescribed() {
        JsonNode paths = served().path("paths");
        Set<String> missing = new TreeSet<>();
        for (RouterFunction<?> routes : context.getBeansOfType(RouterFunction.class).values()) {
            for (String route : Routes.of(routes)) {
                String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
                String path = route.substring(route.indexOf(' ') + 1);
                if (!paths.path(path).has(method)) {
                    missing.add(route);
                }
            }
        }
        assertThat(missing).as("routes the OpenAPI document does not describe").isEmpty();
        assertThat(paths.has(InquiryHandler.INQUIRY_PATH)).isTrue();
    }

    @Test
    void theCheckedInDocumentIsWhatTheApplicationServes() throws IOException {
        JsonNode served = served();
        Files.writeString(SERVED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
        assertThat(Files.exists(DOCUMENT)).as("docs/openapi.json exists (cp gateway/target/openapi.json docs/)")
                .isTrue();
        // JsonNode equality ignores the order of properties
        assertThat(JSON.readTree(Files.readString(DOCUMENT)))
                .as("docs/openapi.json differs from what the application serves: cp gateway/target/openapi.json docs/")
                .isEqualTo(served);
    }

    /** The served document without its servers (they name this run's random port). */
    private JsonNode served() {
        byte[] body = http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        ObjectNode api = (ObjectNode) JSON.readTree(body);
        api.remove("servers");
        return api;
    }

    /** "METHOD /path" of every route of a router function, from its request predicates. */
    static final class Routes implements RouterFunctions.Visitor, RequestPredicates.Visitor {

        private final Set<String> routes = new TreeSet<>();
        private final Deque<String> prefixes = new ArrayDeque<>();
        private final Set<String> methods = new TreeSet<>();
        private final List<String> paths = new ArrayList<>();

        static Set<String> of(RouterFunction<?> function) {
            Routes routes = new Routes();
            function.accept(routes);
            return routes.routes;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            paths.clear();
            predicate.accept(this);
            prefixes.push(paths.isEmpty() ? "" : paths.get(0));
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            methods.clear();
            paths.clear();
            predicate.accept(this);
            StringBuilder prefix = new StringBuilder();
            prefixes.descendingIterator().forEachRemaining(prefix::append);
            for (String path : paths.isEmpty() ? List.of("") : paths) {
                for (String method : methods) {
                    routes.add(method + " " + prefix + path);
                }
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> function) {
        }

        @Override
        public void method(Set<HttpMethod> httpMethods) {
            httpMethods.forEach(m -> methods.add(m.name()));
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }

    @Test
    void describesTheFacadeAsImplemented() {
        byte[] body = http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode api = JsonMapper.builder().build().readTree(body);

        JsonNode inquiry = api.path("paths").path(InquiryHandler.INQUIRY_PATH).path("post");
        assertThat(inquiry.path("operationId").asString()).isEqualTo("inquireVirtualAccount");
        assertThat(fieldNames(inquiry.path("responses"))).contains("200", "400", "413", "415", "502", "503", "504");
        assertThat(api.path("paths").path(InquiryHandler.EVICT_PATH).path("post").path("responses").has("204")).isTrue();

        JsonNode schemas = api.path("components").path("schemas");
        assertThat(fieldNames(schemas.path("VirtualAccount").path("properties"))).isEqualTo(components(AccountBody.class));
        assertThat(fieldNames(schemas.path("CardRequest").path("properties"))).containsExactly(CardNoReader.FIELD);
        assertThat(fieldNames(schemas.path("Problem").path("properties"))).isEqualTo(components(konagw.gateway.problem.Problem.class));
    }

    private static Set<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
