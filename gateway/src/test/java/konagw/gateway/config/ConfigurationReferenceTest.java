package konagw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md cannot drift from the code: it must be exactly what the configuration metadata renders, and
 * every property must carry a description written for people (the javadoc of its record component).
 */
class ConfigurationReferenceTest {

    static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    static final Path DOCS = Path.of("../docs/configuration.md");
    static final Path RENDERED = Path.of("target/configuration.md");

    @Test
    void everyPropertyHasAPlainDescription() {
        for (JsonNode property : ConfigurationReference.ownProperties(metadata())) {
            String name = property.path("name").asString();
            String description = property.path("description").asString("");
            assertThat(description).as("description of %s (javadoc @param of its record component)", name)
                    .isNotBlank()
                    .doesNotContain("{@")
                    .matches("^[A-Z0-9].*\\.$");
        }
    }

    @Test
    void docsConfigurationIsWhatTheMetadataRenders() throws IOException {
        String expected = ConfigurationReference.render(metadata());
        Files.writeString(RENDERED, expected, StandardCharsets.UTF_8);
        String actual = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            System.out.println(expected);
            fail("docs/configuration.md differs from what the configuration metadata renders (printed above and "
                    + "written to gateway/" + RENDERED + "). Regenerate it from the repository root: "
                    + ConfigurationReference.REGENERATE);
        }
    }

    private static JsonNode metadata() {
        if (!Files.exists(METADATA)) {
            fail(METADATA + " is missing: spring-boot-configuration-processor runs when Maven compiles the gateway");
        }
        return JsonMapper.builder().build().readTree(METADATA.toFile());
    }
}
