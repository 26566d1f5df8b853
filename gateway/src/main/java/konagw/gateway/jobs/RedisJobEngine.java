package konagw.gateway.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import konagw.gateway.batch.ChunkLookup;
import konagw.gateway.cache.CacheSecrets;
import konagw.gateway.cache.RedisConnectionGate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Jobs in Redis, shared by every replica. Per job, under one hash tag (one Redis Cluster slot, so each script touches
 * one slot):
 * <ul>
 * <li>{@code konagw:jobs:v1:{id}:meta} — a hash: owner, sizes, state, times, counters (numbers and result codes);</li>
 * <li>{@code …:chunks} — a stream of the input chunks, one entry each ({@code c}: chunk number, {@code d}: the card
 * numbers, AES-GCM sealed), read through the consumer group {@value #GROUP}: a chunk is delivered to one replica,
 * and one left unacknowledged for {@code claim-after} (its replica is gone: a live one renews its claim) is taken
 * over by another with {@code XAUTOCLAIM}. An entry is acknowledged and deleted in the script that stores its
 * results;</li>
 * <li>{@code …:results} — a hash of chunk number → its NDJSON lines, sealed; written once per chunk
 * ({@code HSETNX}), so a chunk redone after a takeover still has exactly one result per index;</li>
 * <li>{@code …:progress} — entries answered so far by each running chunk (the rate while chunks run).</li>
 * </ul>
 * Across jobs: {@code konagw:jobs:v1:active}, a sorted set of the runnable job ids by creation time, and
 * {@code konagw:jobs:v1:idem:<hex HMAC of client and key>} → job id. Every key of a job expires {@code retention}
 * after its last stored chunk (so {@code retention} after it ends). No key or value holds a card or account number
 * in the clear.
 */
final class RedisJobEngine implements JobEngine {

    static final String PREFIX = "konagw:jobs:v1:";
    static final String ACTIVE = PREFIX + "active";
    static final String GROUP = "workers";
    static final String IDEMPOTENCY_INFO = "job-idempotency-hmac";

    private static final byte[] CHUNK_FIELD = bytes("c");
    private static final byte[] DATA_FIELD = bytes("d");

    /** Expires every key of the job (KEYS) by ARGV[1] ms. */
    private static final String EXPIRE_ALL = """
            local function expireAll(ms)
              for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ms) end
            end
            """;

    /**
     * KEYS meta, chunks, results, progress; ARGV now ms, consumer, claim-after ms → {0} when the job may not run,
     * {1} when it may but holds nothing to take, or {2, reclaimed, entry id, entry fields, chunkSize, owner}: the next
     * new chunk or, without one, one left unacknowledged for claim-after (its replica is gone). A queued job becomes
     * RUNNING. One round trip per chunk taken: under load every trip waits behind the other workers' reads.
     */
    private static final String TAKE = """
            local state = redis.call('HGET', KEYS[1], 'state')
            if state == 'QUEUED' then
              redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'startedAt', ARGV[1])
            elseif state ~= 'RUNNING' then
              return {0}
            end
            local reclaimed = 0
            local entry = nil
            local fresh = redis.call('XREADGROUP', 'GROUP', 'workers', ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[2], '>')
            if fresh then entry = fresh[1][2][1] end
            if not entry then
              entry = redis.call('XAUTOCLAIM', KEYS[2], 'workers', ARGV[2], ARGV[3], '0-0', 'COUNT', 1)[2][1]
              reclaimed = 1
            end
            if not entry or not entry[2] then return {1} end -- nothing, or (Redis 6.2) an entry deleted meanwhile
            local meta = redis.call('HMGET', KEYS[1], 'chunkSize', 'owner')
            return {2, reclaimed, entry[1], entry[2], meta[1], meta[2]}
            """;

    /** KEYS meta, chunks, results, progress; ARGV chunk, stream id, consumer, answered → 0 when it should stop. */
    private static final String KEEP_ALIVE = """
            local state = redis.call('HGET', KEYS[1], 'state')
            if state ~= 'RUNNING' and state ~= 'QUEUED' then return 0 end
            redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
            redis.call('XCLAIM', KEYS[2], 'workers', ARGV[3], 0, ARGV[2], 'JUSTID')
            return 1
            """;

    /**
     * KEYS meta, chunks, results, progress; ARGV retention ms, now ms, chunk, sealed lines, stream id, entries, cards,
     * cache hits, upstream calls, stale, then result code / count pairs → 1 when this chunk ended the job.
     */
    private static final String COMPLETE = EXPIRE_ALL + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('XACK', KEYS[2], 'workers', ARGV[5])
            redis.call('XDEL', KEYS[2], ARGV[5])
            redis.call('HDEL', KEYS[4], ARGV[3])
            if redis.call('HSETNX', KEYS[3], ARGV[3], ARGV[4]) == 1 then
              redis.call('HINCRBY', KEYS[1], 'doneChunks', 1)
              redis.call('HINCRBY', KEYS[1], 'completed', ARGV[6])
              redis.call('HINCRBY', KEYS[1], 'cards', ARGV[7])
              redis.call('HINCRBY', KEYS[1], 'cacheHits', ARGV[8])
              redis.call('HINCRBY', KEYS[1], 'upstreamCalls', ARGV[9])
              redis.call('HINCRBY', KEYS[1], 'stale', ARGV[10])
              for i = 11, #ARGV, 2 do
                redis.call('HINCRBY', KEYS[1], 'e:' .. ARGV[i], ARGV[i + 1])
              end
            end
            local ended = 0
            local state = redis.call('HGET', KEYS[1], 'state')
            local done = tonumber(redis.call('HGET', KEYS[1], 'doneChunks') or '0')
            local chunks = tonumber(redis.call('HGET', KEYS[1], 'chunks') or '0')
            if done >= chunks and (state == 'RUNNING' or state == 'QUEUED') then
              redis.call('HSET', KEYS[1], 'state', 'DONE', 'finishedAt', ARGV[2])
              ended = 1
            end
            expireAll(ARGV[1])
            return ended
            """;

    /** KEYS meta, chunks, results, progress; ARGV retention ms, now ms, state, reason → 1 when it ended the job. */
    private static final String END = EXPIRE_ALL + """
            local state = redis.call('HGET', KEYS[1], 'state')
            if state ~= 'RUNNING' and state ~= 'QUEUED' then return 0 end
            redis.call('HSET', KEYS[1], 'state', ARGV[3], 'finishedAt', ARGV[2])
            if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'reason', ARGV[4]) end
            redis.call('DEL', KEYS[4])
            expireAll(ARGV[1])
            return 1
            """;

    private final RedisConnectionGate gate;
    private final JobSealer sealer;
    private final SecretKeySpec idempotencyKey;
    private final Clock clock;
    private final Duration retention;
    private final Duration claimAfter;
    private final Duration timeout;
    private final Scheduler timeouts;
    private final Scheduler crypto;
    /** This process's consumer name: a fresh one per start, so a restarted pod's old deliveries are taken over. */
    private final byte[] consumer = bytes("replica-" + JobIds.next().substring(0, 12));

    /**
     * @param crypto where a taken chunk is opened and its lookup begins (its card keys are HMACs), and where a chunk's
     *               results are opened: not the Redis connection's event loop, which every reply of every worker and
     *               request waits for
     */
    RedisJobEngine(RedisConnectionGate gate, JobSealer sealer, String cacheSecret, Clock clock, Duration retention,
            Duration claimAfter, Duration timeout, Scheduler timeouts, Scheduler crypto) {
        this.gate = gate;
        this.crypto = crypto;
        this.sealer = sealer;
        this.idempotencyKey = new SecretKeySpec(CacheSecrets.subkeyFromBase64(cacheSecret, IDEMPOTENCY_INFO),
                "HmacSHA256");
        this.clock = clock;
        this.retention = retention;
        this.claimAfter = claimAfter;
        this.timeout = timeout;
        this.timeouts = timeouts;
    }

    @Override
    public String kind() {
        return "redis";
    }

    static String meta(String id) {
        return PREFIX + "{" + id + "}:meta";
    }

    static String chunks(String id) {
        return PREFIX + "{" + id + "}:chunks";
    }

    static String results(String id) {
        return PREFIX + "{" + id + "}:results";
    }

    static String progress(String id) {
        return PREFIX + "{" + id + "}:progress";
    }

    private static byte[][] jobKeys(String id) {
        return new byte[][] {bytes(meta(id)), bytes(chunks(id)), bytes(results(id)), bytes(progress(id))};
    }

    @Override
    public Mono<String> idempotent(String owner, String key) {
        return redis(c -> c.get(bytes(idempotencyName(owner, key))))
                .map(RedisJobEngine::text)
                .filterWhen(id -> redis(c -> c.hget(bytes(meta(id)), bytes("state"))).hasElement());
    }

    @Override
    public Mono<Void> begin(String id, String owner, int chunkSize) {
        byte[] meta = bytes(meta(id));
        Map<byte[], byte[]> fields = new HashMap<>();
        fields.put(bytes("owner"), bytes(owner));
        fields.put(bytes("chunkSize"), bytes(Integer.toString(chunkSize)));
        fields.put(bytes("createdAt"), bytes(Long.toString(clock.millis())));
        fields.put(bytes("state"), bytes("RECEIVING"));
        return redis(c -> c.hset(meta, fields))
                .then(redis(c -> c.pexpire(meta, retention.toMillis())))
                .then(redis(c -> c.xgroupCreate(XReadArgs.StreamOffset.from(bytes(chunks(id)), "0"), bytes(GROUP),
                        XGroupCreateArgs.Builder.mkstream())))
                .then(redis(c -> c.pexpire(bytes(chunks(id)), retention.toMillis())))
                .then();
    }

    @Override
    public Mono<Void> addChunk(String id, int chunk, long[] entries) {
        return Mono.fromSupplier(() -> sealer.sealEntries(id, chunk, entries))
                .flatMap(sealed -> {
                    Map<byte[], byte[]> body = new HashMap<>();
                    body.put(CHUNK_FIELD, bytes(Integer.toString(chunk)));
                    body.put(DATA_FIELD, sealed);
                    return redis(c -> c.xadd(bytes(chunks(id)), body));
                })
                .then();
    }

    @Override
    public Mono<String> commit(String id, String owner, int total, int chunks, String idempotencyKey) {
        String name = idempotencyKey == null ? null : idempotencyName(owner, idempotencyKey);
        Mono<String> claimed = name == null ? Mono.just(id) : claimIdempotency(id, name);
        return claimed.flatMap(holder -> {
            if (!holder.equals(id)) {
                return discard(id).thenReturn(holder);
            }
            long now = clock.millis();
            byte[] meta = bytes(meta(id));
            Map<byte[], byte[]> fields = new HashMap<>();
            fields.put(bytes("total"), bytes(Integer.toString(total)));
            fields.put(bytes("chunks"), bytes(Integer.toString(chunks)));
            fields.put(bytes("state"), bytes(chunks == 0 ? "DONE" : "QUEUED"));
            if (name != null) {
                fields.put(bytes("idem"), bytes(name));
            }
            if (chunks == 0) {
                fields.put(bytes("startedAt"), bytes(Long.toString(now)));
                fields.put(bytes("finishedAt"), bytes(Long.toString(now)));
            }
            Mono<Void> runnable = chunks == 0 ? Mono.empty()
                    : redis(c -> c.zadd(bytes(ACTIVE), (double) now, bytes(id))).then();
            return redis(c -> c.hset(meta, fields))
                    .then(redis(c -> c.pexpire(meta, retention.toMillis())))
                    .then(redis(c -> c.pexpire(bytes(chunks(id)), retention.toMillis())))
                    .then(runnable)
                    .thenReturn(id);
        });
    }

    /** Our id under the name, or the id of the live job another submission stored there first. */
    private Mono<String> claimIdempotency(String id, String name) {
        byte[] key = bytes(name);
        return redis(c -> c.set(key, bytes(id), SetArgs.Builder.nx().px(retention.toMillis())))
                .map(ok -> id)
                .switchIfEmpty(Mono.defer(() -> redis(c -> c.get(key)).map(RedisJobEngine::text)
                        .filterWhen(other -> redis(c -> c.exists(bytes(meta(other)))).map(n -> n > 0))
                        // the job it named has expired: the name is ours now
                        .switchIfEmpty(Mono.defer(() -> redis(c -> c.set(key, bytes(id),
                                SetArgs.Builder.px(retention.toMillis()))).thenReturn(id)))));
    }

    @Override
    public Mono<Void> discard(String id) {
        return redis(c -> c.del(jobKeys(id))).then();
    }

    @Override
    public Mono<JobSnapshot> snapshot(String id) {
        return redis(c -> c.hgetall(bytes(meta(id))))
                .filter(map -> !map.isEmpty())
                .flatMap(raw -> redis(c -> c.hvals(bytes(progress(id))))
                        .defaultIfEmpty(List.of())
                        .mapNotNull(progress -> snapshot(id, text(raw), progress)));
    }

    private JobSnapshot snapshot(String id, Map<String, String> meta, List<byte[]> progress) {
        String stateName = meta.get("state");
        if (stateName == null || "RECEIVING".equals(stateName) || meta.get("chunks") == null) {
            return null; // still being received: not visible yet
        }
        int inProgress = 0;
        for (byte[] answered : progress) {
            inProgress += Integer.parseInt(text(answered));
        }
        Map<String, Integer> errors = new TreeMap<>();
        meta.forEach((field, value) -> {
            if (field.startsWith("e:")) {
                errors.put(field.substring(2), Integer.parseInt(value));
            }
        });
        return new JobSnapshot(id, meta.get("owner"), JobState.valueOf(stateName), number(meta, "total"),
                number(meta, "chunkSize"), number(meta, "chunks"), number(meta, "completed"), inProgress,
                number(meta, "doneChunks"), number(meta, "cards"), number(meta, "cacheHits"),
                number(meta, "upstreamCalls"), number(meta, "stale"), errors, instant(meta, "createdAt"),
                instant(meta, "startedAt"), instant(meta, "finishedAt"), meta.get("reason"));
    }

    @Override
    public Mono<byte[]> results(String id, int chunk) {
        return redis(c -> c.hget(bytes(results(id)), bytes(Integer.toString(chunk))))
                .publishOn(crypto)
                .map(sealed -> sealer.openLines(id, chunk, sealed));
    }

    @Override
    public Mono<JobSnapshot> cancel(String id) {
        return end(id, JobState.CANCELLED, "").then(snapshot(id));
    }

    @Override
    public Mono<Void> fail(String id, String reason) {
        return end(id, JobState.FAILED, reason);
    }

    private Mono<Void> end(String id, JobState state, String reason) {
        return script(END, id, bytes(Long.toString(retention.toMillis())), bytes(Long.toString(clock.millis())),
                bytes(state.name()), bytes(reason))
                .flatMap(ended -> ended == 1 ? ended(id) : Mono.empty());
    }

    /** A job that ended: off the runnable set, its idempotency key kept exactly as long as the job. */
    private Mono<Void> ended(String id) {
        return redis(c -> c.zrem(bytes(ACTIVE), bytes(id)))
                .then(redis(c -> c.hget(bytes(meta(id)), bytes("idem"))))
                .flatMap(name -> redis(c -> c.pexpire(name, retention.toMillis())))
                .then();
    }

    @Override
    public Mono<List<String>> runnable() {
        return redis(c -> c.zrange(bytes(ACTIVE), 0, -1))
                .map(ids -> ids.stream().map(RedisJobEngine::text).toList());
    }

    @Override
    public Mono<ChunkTask> take(String id) {
        return redis(c -> c.<List<Object>>eval(TAKE, ScriptOutputType.MULTI, jobKeys(id),
                bytes(Long.toString(clock.millis())), consumer, bytes(Long.toString(claimAfter.toMillis()))))
                .publishOn(crypto)
                .flatMap(taken -> {
                    long outcome = (Long) taken.get(0);
                    return outcome == 2 ? task(id, taken) : settle(id);
                });
    }

    /** The chunk the take script returned; empty when its job expired meanwhile (no meta left). */
    private Mono<ChunkTask> task(String id, List<Object> taken) {
        boolean reclaimed = (Long) taken.get(1) == 1;
        String handle = text((byte[]) taken.get(2));
        byte[] chunkField = null;
        byte[] data = null;
        List<?> fields = (List<?>) taken.get(3);
        for (int f = 0; f + 1 < fields.size(); f += 2) {
            byte[] name = (byte[]) fields.get(f);
            if (java.util.Arrays.equals(name, CHUNK_FIELD)) {
                chunkField = (byte[]) fields.get(f + 1);
            } else if (java.util.Arrays.equals(name, DATA_FIELD)) {
                data = (byte[]) fields.get(f + 1);
            }
        }
        if (chunkField == null || data == null) {
            return fail(id, "a stored input chunk is incomplete").then(Mono.empty());
        }
        Object chunkSize = taken.size() > 4 ? taken.get(4) : null;
        Object owner = taken.size() > 5 ? taken.get(5) : null;
        if (!(chunkSize instanceof byte[] size) || !(owner instanceof byte[] ownerName)) {
            return Mono.empty(); // the job expired meanwhile
        }
        int chunk = Integer.parseInt(text(chunkField));
        try {
            long[] entries = sealer.openEntries(id, chunk, data);
            return Mono.just(new ChunkTask(id, text(ownerName), chunk, chunk * Integer.parseInt(text(size)), entries,
                    reclaimed, handle));
        } catch (JobSealer.UnreadableJobDataException e) {
            return fail(id, "a stored input chunk does not open (konagw.cache.secret changed?)").then(Mono.empty());
        }
    }

    /**
     * Nothing to take from a job: one that ended leaves the runnable set; one whose stream holds nothing while chunks
     * are missing has lost its stored input and fails.
     */
    private Mono<ChunkTask> settle(String id) {
        return redis(c -> c.hmget(bytes(meta(id)), bytes("state"), bytes("chunks"), bytes("doneChunks")))
                .flatMap(values -> {
                    String state = values.get(0).hasValue() ? text(values.get(0).getValue()) : null;
                    if (state == null || !("RUNNING".equals(state) || "QUEUED".equals(state))) {
                        return redis(c -> c.zrem(bytes(ACTIVE), bytes(id))).then(Mono.<ChunkTask>empty());
                    }
                    int chunks = values.get(1).hasValue() ? Integer.parseInt(text(values.get(1).getValue())) : 0;
                    int done = values.get(2).hasValue() ? Integer.parseInt(text(values.get(2).getValue())) : 0;
                    return redis(c -> c.xlen(bytes(chunks(id))))
                            .flatMap(left -> left == 0 && done < chunks
                                    ? fail(id, "the job's stored input was lost").then(Mono.<ChunkTask>empty())
                                    : Mono.<ChunkTask>empty());
                });
    }

    @Override
    public Mono<Boolean> keepAlive(ChunkTask task, int answered) {
        return script(KEEP_ALIVE, task.jobId(), bytes(Integer.toString(task.chunk())), bytes(task.handle()), consumer,
                bytes(Integer.toString(answered)))
                .map(alive -> alive == 1);
    }

    @Override
    public Mono<Void> complete(ChunkTask task, ChunkLookup.Result result) {
        return Mono.fromSupplier(() -> {
            List<byte[]> args = new ArrayList<>();
            args.add(bytes(Long.toString(retention.toMillis())));
            args.add(bytes(Long.toString(clock.millis())));
            args.add(bytes(Integer.toString(task.chunk())));
            args.add(sealer.sealLines(task.jobId(), task.chunk(), result.lines()));
            args.add(bytes(task.handle()));
            for (int n : new int[] {result.entries(), result.cards(), result.cacheHits(), result.upstreamCalls(),
                result.stale()}) {
                args.add(bytes(Integer.toString(n)));
            }
            result.errors().forEach((code, n) -> {
                args.add(bytes(code));
                args.add(bytes(Integer.toString(n)));
            });
            return args.toArray(byte[][]::new);
        }).flatMap(args -> script(COMPLETE, task.jobId(), args))
                .flatMap(ended -> ended == 1 ? ended(task.jobId()) : Mono.empty());
    }

    private Mono<Long> script(String text, String id, byte[]... args) {
        byte[][] keys = jobKeys(id);
        return redis(c -> c.<Long>eval(text, ScriptOutputType.INTEGER, keys, args));
    }

    private <T> Mono<T> redis(Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> call) {
        return gate.withCommands(call).timeout(timeout, timeouts);
    }

    private String idempotencyName(String owner, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(idempotencyKey);
            mac.update(bytes(owner));
            mac.update((byte) 0);
            mac.update(key.getBytes(StandardCharsets.UTF_8));
            return PREFIX + "idem:" + HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static int number(Map<String, String> meta, String field) {
        String value = meta.get(field);
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static Instant instant(Map<String, String> meta, String field) {
        String value = meta.get(field);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }

    private static Map<String, String> text(Map<byte[], byte[]> raw) {
        Map<String, String> map = new HashMap<>();
        raw.forEach((k, v) -> map.put(text(k), text(v)));
        return map;
    }

    private static String text(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
