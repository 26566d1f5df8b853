package konagw.gateway.inquiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;

import konagw.core.protocol.KmHeaders;

/** What a found account's answer says of itself before it is written; the written answer is InquiryFacadeIT's. */
class AccountResponseTest {

    final byte[] body = "{\"accountNo\":\"1\"}".getBytes();

    @Test
    void headersAreThoseItWillWriteAndReadOnly() {
        AccountResponse response = new AccountResponse("HIT", "corr-1", body);
        assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.headers().getContentLength()).isEqualTo(body.length);
        assertThat(response.headers().getFirst(InquiryHandler.CACHE_HEADER)).isEqualTo("HIT");
        assertThat(response.headers().getFirst(KmHeaders.CORRELATION_ID)).isEqualTo("corr-1");
        assertThatThrownBy(() -> response.headers().set("X-Other", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new AccountResponse("MISS", null, body).headers().containsHeader(KmHeaders.CORRELATION_ID)).isFalse();
    }

    @Test
    void theCookiesEveryAnswerSharesCannotBeAddedTo() {
        AccountResponse one = new AccountResponse("HIT", null, body);
        assertThat(one.cookies()).isEmpty();
        assertThatThrownBy(() -> one.cookies().add("session", ResponseCookie.from("session", "x").build()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new AccountResponse("HIT", null, body).cookies()).isEmpty();
    }
}
