package konagw.gateway.upstream;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import konagw.core.correlation.CorrelationIdGenerator;
import konagw.gateway.cache.RedisConnectionGate;
import konagw.gateway.config.RedisScripts;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Leases this instance's correlation-id instance id from Redis, so that no two replicas issue the same
 * {@code X-KM-Correlation-Id}.
 * <p>
 * The host-name hash puts the pods of a Deployment, whose names change with every rollout, into 1,024 values: sooner
 * or later two replicas hash alike. Here each instance claims {@code konagw:instance-id:N} with {@code SET NX PX},
 * starting at its hash and probing upwards, and renews the lease every third of its length. Nothing deletes a lease:
 * an id is granted again only after its holder stopped renewing it for a whole lease, so two instances never issue
 * ids under one instance id within the same second. Without Redis the instance keeps the id it has (the hash at
 * first) and tries again at the next renewal. A lease whose key vanished (flushed, evicted, lost in a failover) is
 * taken back at the next renewal; found held by someone else meanwhile, it is given up for another, and until
 * another is leased the generator issues nothing ({@link CorrelationIdGenerator#withdraw}: requests fail fast with
 * {@code 900_001}) rather than ids under an id another pod holds. What is left: between a key's loss and the next
 * renewal (at most a third of a lease), and for a pod cut off from Redis for longer than a lease, another pod may
 * claim an id still in use; the generator's per-second random start then keeps the two apart but for chance. The
 * claim happens before the web server starts, so a pod that reaches Redis issues no id outside a lease.
 */
public final class InstanceIdLease implements SmartLifecycle {

    static final String KEY_PREFIX = "konagw:instance-id:";
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration STARTUP_CLAIM_TIMEOUT = Duration.ofSeconds(3);
    private static final int IDS = CorrelationIdGenerator.MAX_INSTANCE_ID + 1;

    /**
     * Extends the lease while this instance holds it, takes it back if the key vanished (flushed, evicted, lost in a
     * failover) and nobody claimed it since: 1. Held by another instance: 0.
     */
    private static final RedisScript<Long> RENEW = RedisScripts.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    private static final Logger log = LoggerFactory.getLogger(InstanceIdLease.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisConnectionGate gate;
    private final CorrelationIdGenerator generator;
    private final Scheduler scheduler;
    private final Duration lease;
    private final String holder;
    private volatile Integer leased;
    private volatile boolean failing;
    private volatile Disposable renewals;

    public InstanceIdLease(ReactiveStringRedisTemplate redis, RedisConnectionGate gate, CorrelationIdGenerator generator,
            Scheduler scheduler, Duration lease, String hostName) {
        this.redis = redis;
        this.gate = gate;
        this.generator = generator;
        this.scheduler = scheduler;
        this.lease = lease;
        // the host name tells an operator whose lease it is; the random part keeps a restarted process apart
        this.holder = hostName + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** The id this instance holds a lease on, if any yet. */
    public Integer leasedId() {
        return leased;
    }

    @Override
    public void start() {
        try {
            // startup, not a request: waiting here keeps the first requests off the hashed id
            renewOrClaim().block(STARTUP_CLAIM_TIMEOUT);
        } catch (RuntimeException e) {
            failed(e);
        }
        renewals = Flux.interval(renewEvery(), renewEvery(), scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> renewOrClaim().onErrorResume(e -> {
                    failed(e);
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    /** One line when Redis stops answering the lease, not one per attempt. */
    private void failed(Throwable e) {
        if (!failing) {
            failing = true;
            log.warn("correlation ids: instance id lease not {} ({}); {} meanwhile, retrying every {}",
                    leased == null ? "obtained" : "renewed", e.getClass().getSimpleName(),
                    generator.issuing() ? "issuing under " + generator.instanceId() : "issuing no ids", renewEvery());
        }
    }

    @Override
    public void stop() {
        Disposable running = renewals;
        if (running != null) {
            running.dispose();
        }
        renewals = null;
    }

    @Override
    public boolean isRunning() {
        return renewals != null;
    }

    /** Extends the lease held, or claims one when there is none (any more); runs every third of a lease. */
    public Mono<Void> renewOrClaim() {
        return gate.whenOpen(Mono.defer(() -> {
            Integer id = leased;
            if (id == null) {
                return claim().then();
            }
            return redis.execute(RENEW, List.of(KEY_PREFIX + id), List.of(holder, Long.toString(lease.toMillis())))
                    .next()
                    .flatMap(renewed -> {
                        if (renewed == 1L) {
                            return Mono.empty();
                        }
                        // another instance issues ids under it now: none from here until another id is leased
                        log.warn("correlation ids: the lease on instance id {} was taken by another instance; "
                                + "no ids are issued (requests fail with 900_001) until another is leased", id);
                        leased = null;
                        generator.withdraw("instance id " + id + " is leased by another instance");
                        return claim().then();
                    });
        })).doOnSuccess(done -> {
            if (failing) {
                failing = false;
                log.info("correlation ids: instance id lease on {} renewed again", generator.instanceId());
            }
        });
    }

    /** The first free id from the current one upwards; leased and put to use. */
    private Mono<Integer> claim() {
        int start = generator.instanceId();
        return Flux.range(0, IDS)
                .map(offset -> (start + offset) % IDS)
                .concatMap(id -> redis.opsForValue().setIfAbsent(KEY_PREFIX + id, holder, lease)
                        .filter(Boolean::booleanValue)
                        .map(claimed -> id), 1)
                .next()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("all " + IDS + " instance ids are leased")))
                .doOnNext(id -> {
                    leased = id;
                    generator.useInstanceId(id);
                    log.info("correlation ids: instance id {} leased from Redis for {}, renewed every {}", id, lease,
                            renewEvery());
                });
    }

    /** After the Redis connection gate (phase 1), before the web server takes requests. */
    @Override
    public int getPhase() {
        return 2;
    }

    private Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
