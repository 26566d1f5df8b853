package konagw.gateway.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code konagw.cache.*}. The secret is checked by {@link CacheSecrets}; TTLs of zero mean "do not cache".
 */
@ConfigurationProperties("konagw.cache")
public record CacheProperties(
        String secret,
        @DefaultValue Ttl ttl,
        @DefaultValue("1h") Duration staleWindow,
        @DefaultValue("150ms") Duration redisTimeout,
        @DefaultValue("100000") int inMemoryMaxEntries) {

    public record Ttl(
            @DefaultValue("12h") Duration fixation,
            @DefaultValue("0s") Duration rotation,
            @DefaultValue("10m") Duration inactive,
            @DefaultValue("1m") Duration cardNotFound,
            @DefaultValue("5m") Duration noAccount) {
    }

    @Override
    public String toString() {
        return "CacheProperties[ttl=" + ttl + ", staleWindow=" + staleWindow + ", redisTimeout=" + redisTimeout + "]";
    }
}
