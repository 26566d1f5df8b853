package konagw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

class RedisScriptsTest {

    @Test
    @SuppressWarnings("rawtypes")
    void aHeldScriptHasTheNameRedisGivesItsText() {
        String text = RedisScripts.text(new ClassPathResource("konagw/quota/gcra.lua"));
        RedisScript<List> held = RedisScripts.of(text, List.class);
        RedisScript<List> spring = RedisScript.of(text, List.class);

        // EVALSHA finds a script by the SHA-1 of its text: ours must be the one Redis and Spring compute
        assertThat(held.getSha1()).isEqualTo(spring.getSha1()).hasSize(40);
        assertThat(held.getScriptAsString()).isEqualTo(text);
        assertThat(held.getResultType()).isEqualTo(List.class);
        assertThat(held.returnsRawValue()).isFalse();
    }
}
