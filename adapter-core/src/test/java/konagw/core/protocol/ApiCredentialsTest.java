package konagw.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiCredentialsTest {

    private static final String ASP_ID = "KONAGWSANDBOX01";
    private static final String ACCESS_KEY = "AK0123456789abcdefghijABCDEFGHIJ01234567";
    private static final String SECRET = "s3cr3t-value";

    @Test
    void acceptsTheDocumentedLengths() {
        ApiCredentials credentials = new ApiCredentials(ASP_ID, ACCESS_KEY, SECRET);
        assertThat(credentials.aspId()).hasSize(KmHeaders.ASP_ID_LENGTH);
        assertThat(credentials.accessKey()).hasSize(KmHeaders.ACCESS_KEY_LENGTH);
    }

    @Test
    void toStringHidesEveryValue() {
        assertThat(new ApiCredentials(ASP_ID, ACCESS_KEY, SECRET).toString())
                .doesNotContain(ASP_ID).doesNotContain(ACCESS_KEY).doesNotContain(SECRET);
    }

    @Test
    void errorsNameThePropertyNeverTheValue() {
        String shortKey = ACCESS_KEY.substring(1);
        assertThatThrownBy(() -> new ApiCredentials(ASP_ID, shortKey, SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accessKey").hasMessageContaining("40").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> new ApiCredentials("KONAGW", ACCESS_KEY, SECRET))
                .hasMessageContaining("aspId").hasMessageNotContaining("KONAGW,");
        assertThatThrownBy(() -> new ApiCredentials(ASP_ID, ACCESS_KEY, " "))
                .hasMessageContaining("secretKey");
        assertThatThrownBy(() -> new ApiCredentials(null, ACCESS_KEY, SECRET)).hasMessageContaining("aspId");
        assertThatThrownBy(() -> new ApiCredentials("KONAGW SANDBOX1", ACCESS_KEY, SECRET))
                .hasMessageContaining("aspId").hasMessageContaining("printable");
    }
}
