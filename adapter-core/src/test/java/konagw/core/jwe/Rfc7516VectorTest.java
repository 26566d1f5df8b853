package konagw.core.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 7516 Appendix A.1: RSAES-OAEP and AES GCM, decrypted with the RFC's own key to the RFC's plaintext. */
class Rfc7516VectorTest {

    // RFC 7516 A.1.3, the recipient's RSA key as a JWK (line breaks of the RFC removed).
    private static final String N = "oahUIoWw0K0usKNuOR6H4wkf4oBUXHTxRvgb48E-BVvxkeDNjbC4he8rUW"
            + "cJoZmds2h7M70imEVhRU5djINXtqllXI4DFqcI1DgjT9LewND8MW2Krf3S"
            + "psk_ZkoFnilakGygTwpZ3uesH-PFABNIUYpOiN15dsQRkgr0vEhxN92i2a"
            + "sbOenSZeyaxziK72UwxrrKoExv6kc5twXTq4h-QChLOln0_mtUZwfsRaMS"
            + "tPs6mS6XrgxnxbWhojf663tuEQueGC-FCMfra36C9knDFGzKsNa7LZK2dj"
            + "YgyD3JR_MB_4NUJW_TqOQtwHYbxevoJArm-L5StowjzGy-_bq6Gw";
    private static final String E = "AQAB";
    private static final String D = "kLdtIj6GbDks_ApCSTYQtelcNttlKiOyPzMrXHeI-yk1F7-kpDxY4-WY5N"
            + "WV5KntaEeXS1j82E375xxhWMHXyvjYecPT9fpwR_M9gV8n9Hrh2anTpTD9"
            + "3Dt62ypW3yDsJzBnTnrYu1iwWRgBKrEYY46qAZIrA2xAwnm2X7uGR1hghk"
            + "qDp0Vqj3kbSCz1XyfCs6_LehBwtxHIyh8Ripy40p24moOAbgxVw3rxT_vl"
            + "t3UVe4WO3JkJOzlpUf-KTVI2Ptgm-dARxTEtE-id-4OJr0h-K-VFs3VSnd"
            + "VTIznSxfyrj8ILL6MG_Uv8YAu7VILSB3lOW085-4qE3DzgrTjgyQ";
    private static final String P = "1r52Xk46c-LsfB5P442p7atdPUrxQSy4mti_tZI3Mgf2EuFVbUoDBvaRQ-"
            + "SWxkbkmoEzL7JXroSBjSrK3YIQgYdMgyAEPTPjXv_hI2_1eTSPVZfzL0lf"
            + "fNn03IXqWF5MDFuoUYE0hzb2vhrlN_rKrbfDIwUbTrjjgieRbwC6Cl0";
    private static final String Q = "wLb35x7hmQWZsWJmB_vle87ihgZ19S8lBEROLIsZG4ayZVe9Hi9gDVCOBm"
            + "UDdaDYVTSNx_8Fyw1YYa9XGrGnDew00J28cRUoeBB_jKI1oma0Orv1T9aX"
            + "IWxKwd4gvxFImOWr3QRL9KEBRzk2RatUBnmDZJTIAfwTs0g68UZHvtc";
    private static final String DP = "ZK-YwE7diUh0qR1tR7w8WHtolDx3MZ_OTowiFvgfeQ3SiresXjm9gZ5KL"
            + "hMXvo-uz-KUJWDxS5pFQ_M0evdo1dKiRTjVw_x4NyqyXPM5nULPkcpU827"
            + "rnpZzAJKpdhWAgqrXGKAECQH0Xt4taznjnd_zVpAmZZq60WPMBMfKcuE";
    private static final String DQ = "Dq0gfgJ1DdFGXiLvQEZnuKEN0UUmsJBxkjydc3j4ZYdBiMRAy86x0vHCj"
            + "ywcMlYYg4yoC4YZa9hNVcsjqA3FeiL19rk8g6Qn29Tt0cj8qqyFpz9vNDB"
            + "UfCAiJVeESOjJDZPYHdHY8v1b-o-Z2X5tvLx-TCekf7oxyeKDUqKWjis";
    private static final String QI = "VIMpMYbPf47dT1w_zDUXfPimsSegnMOA1zTaX7aGk_8urY6R8-ZW1FxU7"
            + "AlWAyLWybqq6t16VFd7hQd0y6flUK4SlOydB61gwanOsXGOAOv82cHq0E3"
            + "eL4HrtZkUuKvnPrMnsUUFlfUdybVzxyjz9JF_XyaY14ardLSjf4L_FNY";

    // RFC 7516 A.1.7, the complete compact serialization.
    static final String COMPACT = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ."
            + "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe"
            + "ipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDb"
            + "Sv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaV"
            + "mqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je8"
            + "1860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi"
            + "6UklfCpIMfIjf7iGdXKHzg."
            + "48V1_ALb6US04U3b."
            + "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji"
            + "SdiwkIr3ajwQzaBtQD_A."
            + "XFBoMYUZodetZdvTiFvSkQ";

    private static final JweSettings RFC_SETTINGS = new JweSettings(KeyManagement.RSA_OAEP, ContentEncryption.A256GCM);

    @Test
    void decryptsTheRfcExampleToItsPlaintext() throws Exception {
        JweDecryptor decryptor = JweDecryptor.single("rfc7516-a1", rfcKey(), RFC_SETTINGS);

        byte[] plaintext = decryptor.decrypt(COMPACT);

        assertThat(new String(plaintext, StandardCharsets.UTF_8))
                .isEqualTo("The true sign of intelligence is not knowledge but imagination.");
    }

    @Test
    void theSameVectorIsRejectedUnderTheDefaultSettings() throws Exception {
        JweDecryptor decryptor = JweDecryptor.single("rfc7516-a1", rfcKey(), JweSettings.defaults());

        assertThatThrownBy(() -> decryptor.decrypt(COMPACT))
                .isInstanceOfSatisfying(JweException.class,
                        e -> assertThat(e.kind()).isEqualTo(JweException.Kind.ALGORITHM_MISMATCH));
    }

    @Test
    void aTamperedTagFailsAuthentication() throws Exception {
        JweDecryptor decryptor = JweDecryptor.single("rfc7516-a1", rfcKey(), RFC_SETTINGS);
        String tampered = COMPACT.substring(0, COMPACT.length() - 1) + "A";

        assertThatThrownBy(() -> decryptor.decrypt(tampered))
                .isInstanceOfSatisfying(JweException.class,
                        e -> assertThat(e.kind()).isEqualTo(JweException.Kind.DECRYPTION_FAILED));
    }

    static RSAPrivateKey rfcKey() throws Exception {
        RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(num(N), num(E), num(D), num(P), num(Q), num(DP), num(DQ),
                num(QI));
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
    }

    private static BigInteger num(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }
}
