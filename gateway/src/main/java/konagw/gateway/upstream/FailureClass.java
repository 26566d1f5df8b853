package konagw.gateway.upstream;

import org.slf4j.event.Level;

import konagw.core.protocol.KonaCode;

/**
 * Every way an upstream call can end without a usable vendor answer, each with what the caller sees (gateway code,
 * HTTP status through the code, {@code Retry-After}), its metric tag and how loudly it is logged. The facade, the
 * batch, jobs and the passthrough routes all classify through {@link UpstreamFailures}.
 */
public enum FailureClass {
    /** No upstream permit within the policy's wait: nothing was sent. */
    QUOTA("quota", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.FROM_FAILURE, Level.DEBUG, false),
    /** A caller that waits for quota permits (a batch, a job) got none before its deadline: nothing was sent. */
    QUOTA_WAIT("quota_wait", KonaCode.UPSTREAM_TIMEOUT, RetryAfter.NONE, Level.DEBUG, false),
    /** The breaker is open: nothing was sent. */
    CIRCUIT_OPEN("circuit_open", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.BREAKER_WAIT, Level.DEBUG, false),
    /** The policy's bulkhead is full: nothing was sent. */
    BULKHEAD_FULL("bulkhead_full", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.DEBUG, false),
    /** No correlation id could be issued (instance id lost, a second's ids spent): nothing was sent. */
    CORRELATION_ID("correlation_id", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.DEBUG, false),
    TIMEOUT("timeout", KonaCode.UPSTREAM_TIMEOUT, RetryAfter.NONE, Level.WARN, true),
    CONNECT("connect", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.WARN, true),
    IO("io", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.WARN, true),
    /**
     * The TLS handshake failed for a reason other than the vendor's certificate: no common protocol or cipher, our
     * client certificate refused, a handshake timeout. Nothing was sent but the handshake; never retried.
     */
    TLS("tls", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.WARN, true),
    /**
     * The vendor's certificate was not accepted: untrusted (no {@code konaplate.ssl.bundle} trusting its CA), issued
     * for another host name, expired. Nothing was sent but the handshake; never retried.
     */
    CERTIFICATE("certificate", KonaCode.UPSTREAM_UNUSABLE, RetryAfter.NONE, Level.WARN, true),
    /** The vendor answered 5xx. */
    SERVER_ERROR("server_error", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.WARN, true),
    /** The body looked encrypted but did not decrypt, or an encrypted answer came back in plaintext. */
    BAD_JWE("bad_jwe", KonaCode.UPSTREAM_UNUSABLE, RetryAfter.NONE, Level.WARN, true),
    /** Not the expected JSON, over the size limit, or an unexpected status. */
    BAD_JSON("bad_json", KonaCode.UPSTREAM_UNUSABLE, RetryAfter.NONE, Level.WARN, true),
    CORRELATION_MISMATCH("correlation_mismatch", KonaCode.UPSTREAM_UNUSABLE, RetryAfter.NONE, Level.WARN, true),
    MISSING_FIELDS("missing_fields", KonaCode.UPSTREAM_UNUSABLE, RetryAfter.NONE, Level.WARN, true),
    /** Anything not foreseen: a gateway bug more likely than a vendor failure, so logged with its stack. */
    OTHER("other", KonaCode.UPSTREAM_UNAVAILABLE, RetryAfter.ONE_SECOND, Level.ERROR, true);

    /** How the {@code Retry-After} header of the answer is chosen. */
    public enum RetryAfter {
        /** No header: trying again at once is as good as later (timeouts, unusable answers). */
        NONE,
        /** One second: the usual pause after a transient failure. */
        ONE_SECOND,
        /** The breaker's wait in the open state. */
        BREAKER_WAIT,
        /** What the failure itself says (the quota knows when its next permit is free). */
        FROM_FAILURE
    }

    private final String tag;
    private final KonaCode code;
    private final RetryAfter retryAfter;
    private final Level logLevel;
    private final boolean reachedUpstream;

    FailureClass(String tag, KonaCode code, RetryAfter retryAfter, Level logLevel, boolean reachedUpstream) {
        this.tag = tag;
        this.code = code;
        this.retryAfter = retryAfter;
        this.logLevel = logLevel;
        this.reachedUpstream = reachedUpstream;
    }

    /** The {@code class} tag of the upstream error metrics: low cardinality, never anything from the request. */
    public String tag() {
        return tag;
    }

    public KonaCode code() {
        return code;
    }

    public RetryAfter retryAfter() {
        return retryAfter;
    }

    /**
     * Refusals that sent nothing log at debug: they are counted in the metrics, and one line per card would flood
     * the log while a batch meets an open circuit.
     */
    public Level logLevel() {
        return logLevel;
    }

    /** False when the gateway refused the call itself (quota, breaker, bulkhead): the vendor saw nothing. */
    public boolean reachedUpstream() {
        return reachedUpstream;
    }
}
