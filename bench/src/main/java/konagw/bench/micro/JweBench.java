package konagw.bench.micro;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.openjdk.jmh.annotations.AuxCounters;
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

import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweSettings;

/**
 * JWE RSA-OAEP-256 + A256GCM with RSA-2048 through adapter-core (the gateway's own code path), per provider, and the
 * raw RSA-OAEP-256 private-key operation for reference. A cache miss costs the gateway one {@code encrypt} (request)
 * and one {@code decrypt} (answer); run.sh compares the gateway's CPU per miss with their sum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class JweBench {

    @Param({"jdk", "bc", "accp"})
    public String provider;

    private static final byte[] ANSWER = ("{\"code\":\"000_000\",\"message\":\"Success.\",\"accountNo\":\"79790000000001\","
            + "\"bankCode\":\"090\",\"connectType\":\"FIXATION\",\"status\":\"ACTIVE\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST = "{\"cardNo\":\"9410000000000001\"}".getBytes(StandardCharsets.UTF_8);

    private JweEncryptor encryptor;
    private JweDecryptor decryptor;
    private String compact;
    private Cipher rawOaep;
    private RSAPrivateKey privateKey;
    private byte[] wrappedKey;
    private static final OAEPParameterSpec OAEP_256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JweProvider p = CryptoProviders.install(provider);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        privateKey = (RSAPrivateKey) pair.getPrivate();
        String kid = "0123456789abcdef0123456789abcdef";
        encryptor = new JweEncryptor((RSAPublicKey) pair.getPublic(), kid, JweSettings.defaults(), p);
        decryptor = new JweDecryptor(java.util.Map.of(kid, privateKey), JweSettings.defaults(), p);
        compact = encryptor.encrypt(ANSWER);
        if (!java.util.Arrays.equals(ANSWER, decryptor.decrypt(compact))) {
            throw new IllegalStateException("JWE round trip failed with " + provider);
        }
        // The raw private-key operation with the provider's own OAEP (explicit parameters: ACCP has no OAEP-256 name).
        rawOaep = p.jca() == null ? Cipher.getInstance("RSA/ECB/OAEPPadding") : Cipher.getInstance("RSA/ECB/OAEPPadding", p.jca());
        Cipher wrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
        wrap.init(Cipher.ENCRYPT_MODE, pair.getPublic(), OAEP_256);
        wrappedKey = wrap.doFinal(new byte[32]);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Thread CPU time spent in the operation, reported as a rate next to ops/s: {@code cpuMicros / score} is the CPU
     * cost of one operation, which stays right when other processes share the cores (ops/s alone then reads low).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Cpu {
        public double cpuMicros;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMicros = 0;
        }
    }

    @Benchmark
    public String jweEncrypt(Cpu cpu) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        String jwe = encryptor.encrypt(REQUEST);
        cpu.cpuMicros += (THREADS.getCurrentThreadCpuTime() - t0) / 1000.0;
        return jwe;
    }

    @Benchmark
    public byte[] jweDecrypt(Cpu cpu) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        byte[] plain = decryptor.decrypt(compact);
        cpu.cpuMicros += (THREADS.getCurrentThreadCpuTime() - t0) / 1000.0;
        return plain;
    }

    @Benchmark
    public byte[] rsaOaep256Decrypt() throws Exception {
        rawOaep.init(Cipher.DECRYPT_MODE, privateKey, OAEP_256);
        return rawOaep.doFinal(wrappedKey);
    }
}
