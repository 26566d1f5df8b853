package konagw.gateway.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.cache.*}. The secret is checked by {@link CacheSecrets}; TTLs of zero mean "do not cache".
 *
 * @param near the in-process copy of fresh entries in front of Redis ({@link NearCache})
 */
@ConfigurationProperties("konagw.cache")
public record CacheProperties(
        String secret,
        @DefaultValue Ttl ttl,
        @DefaultValue("1h") Duration staleWindow,
        @DefaultValue("150ms") Duration redisTimeout,
        @DefaultValue("100000") int inMemoryMaxEntries,
        @DefaultValue Near near) {

    /**
     * @param ttl        longest time a replica answers from its near copy; it bounds how long a replica that
     *                   lost the eviction channel can serve an evicted entry. 0 turns the near cache off
     * @param maxEntries the hottest cards kept (Caffeine's frequency-based admission keeps scans out)
     */
    public record Near(
            @DefaultValue("5s") Duration ttl,
            @DefaultValue("10000") int maxEntries) {

        public boolean enabled() {
            return ttl != null && !ttl.isZero() && !ttl.isNegative();
        }

        void validate(Problems problems) {
            if (ttl == null || ttl.isNegative()) {
                problems.add("konagw.cache.near.ttl must not be negative (0 turns the near cache off)");
            }
            if (maxEntries < 1) {
                problems.add("konagw.cache.near.max-entries must be at least 1");
            }
        }
    }

    public record Ttl(
            @DefaultValue("12h") Duration fixation,
            @DefaultValue("0s") Duration rotation,
            @DefaultValue("10m") Duration inactive,
            @DefaultValue("1m") Duration cardNotFound,
            @DefaultValue("5m") Duration noAccount) {
    }

    @Override
    public String toString() {
        return "CacheProperties[ttl=" + ttl + ", staleWindow=" + staleWindow + ", redisTimeout=" + redisTimeout
                + ", near=" + near + "]";
    }
}
