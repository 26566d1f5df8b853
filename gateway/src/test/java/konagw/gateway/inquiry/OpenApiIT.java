package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import konagw.gateway.support.GatewayIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The served OpenAPI description matches the handler: its paths, and the fields the handler writes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIT extends GatewayIntegrationTest {

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
