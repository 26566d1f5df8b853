package konagw.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.Test;

import konagw.core.jwe.JweDecryptor;
import konagw.core.jwe.JweEncryptor;
import konagw.core.jwe.JweProvider;
import konagw.core.jwe.JweProviderSelection;
import konagw.core.jwe.JweSettings;
import konagw.core.keys.KeyMaterial;

/**
 * The gateway carries ACCP's Linux builds for both architectures, and on this machine (no ACCP on the test class
 * path: adapter-core has it test-scoped only) {@code auto} loads it from the bundled jar and does JWE with it.
 */
class BundledAccpTest {

    static final String NATIVE_LIBRARY = "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so";
    /** ELF e_machine: EM_X86_64 and EM_AARCH64. */
    static final Map<String, Integer> MACHINE = Map.of("linux-x86_64", 62, "linux-aarch_64", 183);

    @Test
    void bothLinuxBuildsAreBundledWithTheirOwnNativeLibrary() throws IOException {
        for (Map.Entry<String, Integer> build : MACHINE.entrySet()) {
            URL jar = getClass().getClassLoader().getResource("konagw/accp/" + build.getKey() + ".jar");
            assertThat(jar).as(build.getKey()).isNotNull();
            assertThat(elfMachine(jar)).as(build.getKey()).isEqualTo(build.getValue());
        }
    }

    @Test
    void autoLoadsTheBundledBuildForThisPlatformAndDoesJweWithIt() throws Exception {
        assertThat(System.getProperty("os.arch")).as("the CI machine").isIn("amd64", "x86_64");
        assertThat(JweProviderSelection.select("auto").describe()).isEqualTo("accp (auto)");
        ClassLoader loader = JweProvider.ACCP.jca().getClass().getClassLoader();
        assertThat(loader.getName()).as("the bundled jar's own class loader, not the class path").isEqualTo("accp");

        KeyPair pair = KeyMaterial.generateRsa2048();
        String kid = "0123456789abcdef0123456789abcdef";
        byte[] plain = "{\"accountNo\":\"79790000000001\"}".getBytes(StandardCharsets.UTF_8);
        String jwe = new JweEncryptor((RSAPublicKey) pair.getPublic(), kid, JweSettings.defaults(), JweProvider.JDK)
                .encrypt(plain);
        assertThat(new JweDecryptor(Map.of(kid, (RSAPrivateKey) pair.getPrivate()), JweSettings.defaults(),
                JweProvider.ACCP).decrypt(jwe)).isEqualTo(plain);
    }

    /** e_machine of the native library inside a bundled jar (little-endian, bytes 18-19 of the ELF header). */
    static int elfMachine(URL jar) throws IOException {
        try (JarInputStream in = new JarInputStream(jar.openStream())) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().equals(NATIVE_LIBRARY)) {
                    byte[] header = in.readNBytes(20);
                    assertThat(new String(header, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
                    return (header[18] & 0xff) | (header[19] & 0xff) << 8;
                }
            }
        }
        throw new AssertionError(NATIVE_LIBRARY + " not in " + jar);
    }
}
