package konagw.bench.micro;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import konagw.core.card.CardNumber;
import konagw.core.correlation.CorrelationIdGenerator;
import konagw.core.inquiry.VirtualAccount;
import konagw.core.token.TranTokenSigner;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CacheSecrets;
import konagw.gateway.cache.CacheValueSealer;
import konagw.gateway.cache.CachedOutcome;

/**
 * The per-request work of a cache hit and of an upstream call besides RSA: tran token (HMAC-SHA256 over the body),
 * correlation id, Redis key derivation (HMAC-SHA256 + hex), cache value seal/open (AES-256-GCM). The provider is
 * put first in the JCA chain, so {@code Mac}/{@code Cipher} lookups go to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class HotPathBench {

    @Param({"jdk", "bc", "accp"})
    public String provider;

    /** The compact JWE of an inquiry body: what the tran token signs. */
    private static final byte[] BODY = ("eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ."
            + "x".repeat(342) + ".AAAAAAAAAAAAAAAA." + "y".repeat(40) + ".zzzzzzzzzzzzzzzzzzzzzz")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TranTokenSigner signer;
    private CorrelationIdGenerator correlationIds;
    private CacheKeys keys;
    private CacheValueSealer sealer;
    private CardNumber card;
    private String redisKey;
    private CacheEntry entry;
    private byte[] sealed;

    @Setup(Level.Trial)
    public void setUp() {
        CryptoProviders.install(provider);
        signer = new TranTokenSigner("0123456789abcdef0123456789abcdef0123456789");
        // a generator refuses past 262,144 ids in one second, and this loop issues millions: its clock moves a
        // second every 2^17 reads (a plain field, the state is per thread) so the hot path is what gets measured
        correlationIds = new CorrelationIdGenerator(new SecondPer131072Reads(), ZoneId.of("Asia/Seoul"), 7);
        CacheSecrets secrets = CacheSecrets.derive(new byte[32]);
        keys = new CacheKeys(secrets.keyHmacKey());
        sealer = new CacheValueSealer(secrets.valueAesKey());
        card = CardNumber.parse("9410000000000001");
        redisKey = keys.keyOf(card);
        entry = new CacheEntry(CachedOutcome.ACCOUNT, new VirtualAccount("79790000000001", "090", "FIXATION", "ACTIVE"),
                Instant.now().plusSeconds(3600));
        sealed = sealer.seal(redisKey, entry);
    }

    @Benchmark
    public String tranToken() {
        return signer.sign("20261123211502123", BODY);
    }

    @Benchmark
    public String correlationId() {
        return correlationIds.next();
    }

    /** Wall-clock time that advances one second every 2^17 reads; not thread-safe (one per benchmark thread). */
    private static final class SecondPer131072Reads extends Clock {
        private final long start = System.currentTimeMillis();
        private long reads;

        @Override
        public long millis() {
            return start + (reads++ >>> 17) * 1000;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Benchmark
    public String cacheKey() {
        return keys.keyOf(card);
    }

    @Benchmark
    public byte[] cacheSeal() {
        return sealer.seal(redisKey, entry);
    }

    @Benchmark
    public CacheEntry cacheOpen() {
        return sealer.open(redisKey, sealed);
    }
}
