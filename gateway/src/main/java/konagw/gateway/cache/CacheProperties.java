package konagw.gateway.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import konagw.gateway.config.Problems;

/**
 * {@code konagw.cache.*}, checked where it is bound (the compact constructor): every problem at once, naming the
 * property and never the secret, and startup stops. Whether a secret is required at all depends on Redis and the
 * profile ({@code CacheConfiguration}, {@code ProductionRules}). TTLs of zero mean "do not cache".
 *
 * @param secret             Base64 of at least 32 random bytes, from which the Redis key hashes and the value seal are
 *                           derived; required with Redis and in prod (unset: random, in-memory cache only).
 * @param ttl                How long each kind of answer stays fresh in the cache; 0 means not cached.
 * @param staleWindow        How long past its TTL a FIXATION entry may still answer (X-Cache: STALE) while upstream
 *                           fails.
 * @param redisTimeout       The most a slow Redis may add to a request before the lookup goes on without it.
 * @param inMemoryMaxEntries Most entries the in-memory cache keeps (used when no Redis is configured).
 * @param near               In-process copy of hot entries in front of Redis (the near cache).
 */
@ConfigurationProperties("konagw.cache")
public record CacheProperties(
        String secret,
        @DefaultValue Ttl ttl,
        @DefaultValue("1h") Duration staleWindow,
        @DefaultValue("150ms") Duration redisTimeout,
        @DefaultValue("100000") int inMemoryMaxEntries,
        @DefaultValue Near near) {

    private static final String PREFIX = "konagw.cache.";

    public CacheProperties {
        Problems problems = new Problems();
        if (secret != null && !secret.isBlank()) {
            try {
                CacheSecrets.fromBase64(secret);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage()); // names the property, never the value
            }
        }
        if (ttl != null) {
            ttl.validate(problems);
        }
        if (staleWindow == null || staleWindow.isNegative()) {
            problems.add(PREFIX + "stale-window must not be negative");
        }
        if (redisTimeout == null || redisTimeout.isNegative() || redisTimeout.isZero()) {
            problems.add(PREFIX + "redis-timeout must be positive");
        }
        if (inMemoryMaxEntries < 1) {
            problems.add(PREFIX + "in-memory-max-entries must be at least 1");
        }
        if (near != null) {
            near.validate(problems);
        }
        problems.throwIfAny();
    }

    /**
     * @param ttl        Longest a replica answers a card from its near copy (also how long a replica that lost the
     *                   eviction channel may serve an evicted entry); 0 turns the near cache off.
     * @param maxEntries Cards the near cache keeps, the hottest (Caffeine's frequency-based admission keeps batch scans
     *                   out).
     */
    public record Near(
            @DefaultValue("5s") Duration ttl,
            @DefaultValue("10000") int maxEntries) {

        public boolean enabled() {
            return ttl != null && !ttl.isZero() && !ttl.isNegative();
        }

        private void validate(Problems problems) {
            if (ttl == null || ttl.isNegative()) {
                problems.add("konagw.cache.near.ttl must not be negative (0 turns the near cache off)");
            }
            if (maxEntries < 1) {
                problems.add("konagw.cache.near.max-entries must be at least 1");
            }
        }
    }

    /**
     * Freshness by outcome.
     *
     * @param fixation     TTL of ACTIVE FIXATION accounts.
     * @param rotation     TTL of ROTATION accounts (their account number changes; 0 = not cached).
     * @param inactive     TTL of INACTIVE accounts.
     * @param cardNotFound TTL of the vendor's 003_029 (card not found).
     * @param noAccount    TTL of the vendor's 003_067 (no virtual account mapped).
     */
    public record Ttl(
            @DefaultValue("12h") Duration fixation,
            @DefaultValue("0s") Duration rotation,
            @DefaultValue("10m") Duration inactive,
            @DefaultValue("1m") Duration cardNotFound,
            @DefaultValue("5m") Duration noAccount) {

        private void validate(Problems problems) {
            notNegative(problems, "fixation", fixation);
            notNegative(problems, "rotation", rotation);
            notNegative(problems, "inactive", inactive);
            notNegative(problems, "card-not-found", cardNotFound);
            notNegative(problems, "no-account", noAccount);
        }

        private static void notNegative(Problems problems, String name, Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                problems.add(PREFIX + "ttl." + name + " must not be negative (0 means not cached)");
            }
        }
    }

    @Override
    public String toString() {
        return "CacheProperties[ttl=" + ttl + ", staleWindow=" + staleWindow + ", redisTimeout=" + redisTimeout
                + ", near=" + near + "]";
    }
}
