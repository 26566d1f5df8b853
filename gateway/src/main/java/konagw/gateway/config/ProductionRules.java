package konagw.gateway.config;

import java.util.ArrayList;
import java.util.List;

import konagw.gateway.auth.AuthProperties;
import konagw.gateway.cache.CacheProperties;
import konagw.gateway.cache.CacheSecrets;
import konagw.gateway.quota.UpstreamRateLimitProperties;
import konagw.gateway.upstream.KonaplateProperties;

/**
 * Every rule of the {@code prod} profile, in one place: none of the local defaults (the embedded sandbox, the
 * in-memory cache with a random secret, no caller authentication, an unstated upstream quota) may run in
 * production. Each record checks its own values where it is bound; these are the rules a value that is fine
 * locally breaks in production. {@link ProductionRulesConfiguration} enforces them at startup, before any bean
 * falls back to a local default, and reports every broken rule at once.
 *
 * @param konaplate       {@code konaplate.*}
 * @param redisConfigured whether an operator named a Redis ({@code RedisConfiguredCondition})
 * @param cache           {@code konagw.cache.*}
 * @param auth            {@code konagw.auth.*}
 * @param quota           {@code konagw.upstream.rate-limit.*}
 */
public record ProductionRules(KonaplateProperties konaplate, boolean redisConfigured, CacheProperties cache,
        AuthProperties auth, UpstreamRateLimitProperties quota) {

    public static final String PROFILE = "prod";

    private static final String QUOTA = "konagw.upstream.rate-limit.";

    /** The broken rules, one line each naming the property, never its value; empty when production may start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (konaplate.embedded()) {
            problems.add("konaplate.base-url is required in the prod profile (the embedded sandbox is for local use "
                    + "only)");
        }
        if (!redisConfigured) {
            problems.add("spring.data.redis.url (or cluster/sentinel settings) is required in the prod profile "
                    + "(the in-memory cache is for local use only)");
        }
        if (cache.secret() == null || cache.secret().isBlank()) {
            // replicas must derive the same keys: a random secret would split the cache
            problems.add("konagw.cache.secret is required with Redis or in the prod profile (Base64 of at least "
                    + CacheSecrets.MIN_SECRET_BYTES + " random bytes, e.g. `openssl rand -base64 32`)");
        }
        if (auth.mode() == AuthProperties.Mode.API_KEY && auth.apiKeys().isEmpty()) {
            problems.add("konagw.auth.api-keys is required in the prod profile "
                    + "(konagw.auth.api-keys.<client-id>=<SHA-256 hex of its key>), unless konagw.auth.mode=mesh");
        }
        quota(problems);
        return problems;
    }

    /** @throws InvalidConfigurationException listing every broken rule */
    public void enforce() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** The quota is stated, never left to a default that could over-drive the vendor (off, 100/s, or the whole rate
     * on every pod while Redis is down). */
    private void quota(List<String> problems) {
        if (quota.enabled() == null) {
            problems.add(QUOTA + "enabled must be set in the prod profile: true with permits-per-second and "
                    + "replicas-hint, or false with " + QUOTA + "disabled-reason");
        } else if (quota.enabled()) {
            if (quota.permitsPerSecond() == null) {
                problems.add(QUOTA + "permits-per-second is required in the prod profile (the vendor's quota, "
                        + "all replicas together)");
            }
            if (quota.replicasHint() == null) {
                problems.add(QUOTA + "replicas-hint is required in the prod profile (each pod allows "
                        + "1/replicas-hint of the rate while Redis is unavailable: the usual replica count, or the "
                        + "HPA maximum never to exceed the quota)");
            }
        } else if (quota.disabledReason() == null || quota.disabledReason().isBlank()) {
            problems.add(QUOTA + "disabled-reason is required in the prod profile with enabled=false (say why "
                    + "the vendor needs no quota from the gateway)");
        }
    }
}
