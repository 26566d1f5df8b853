package konagw.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which Redis a test gets: a pure function of the Docker probe and the override. */
class RedisSourceTest {

    @Test
    void aReachableDockerEngineMeansTestcontainers() {
        assertThat(RedisSource.choose(true, null)).isEqualTo(new RedisSource.Choice(RedisSource.TESTCONTAINERS,
                "a Docker engine is reachable"));
        assertThat(RedisSource.choose(true, " ").source()).isEqualTo(RedisSource.TESTCONTAINERS);
    }

    @Test
    void noDockerEngineMeansTheLocalBinary() {
        assertThat(RedisSource.choose(false, null)).isEqualTo(new RedisSource.Choice(RedisSource.LOCAL_BINARY,
                "no Docker engine is reachable"));
    }

    @Test
    void theOverrideWinsEitherWay() {
        assertThat(RedisSource.choose(true, "binary").source()).isEqualTo(RedisSource.LOCAL_BINARY);
        assertThat(RedisSource.choose(false, "Testcontainers").source()).isEqualTo(RedisSource.TESTCONTAINERS);
        assertThatThrownBy(() -> RedisSource.choose(true, "podman")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RedisSource.PROPERTY);
    }
}
