package konagw.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TranTimeTest {

    // 2024-02-29T14:05:09.007Z = 23:05:09.007 in Seoul (UTC+9, no DST)
    private static final Instant LEAP_DAY = Instant.parse("2024-02-29T14:05:09.007Z");

    @Test
    void formatsBothFormsInTheGivenZone() {
        TranTime kst = TranTime.of(LEAP_DAY, ZoneId.of("Asia/Seoul"));
        assertThat(kst.tranTime()).isEqualTo("20240229230509");
        assertThat(kst.tokenTime()).isEqualTo("20240229230509007");
        assertThat(kst.instant()).isEqualTo(LEAP_DAY);

        TranTime utc = TranTime.of(LEAP_DAY, ZoneOffset.UTC);
        assertThat(utc.tranTime()).isEqualTo("20240229140509");
        assertThat(utc.tokenTime()).isEqualTo("20240229140509007");
    }

    @Test
    void tokenTimeStartsWithTranTimeAcrossADayBoundary() {
        TranTime t = TranTime.of(Instant.parse("2023-12-31T15:00:00.999Z"), ZoneId.of("Asia/Seoul"));
        assertThat(t.tranTime()).isEqualTo("20240101000000");
        assertThat(t.tokenTime()).isEqualTo("20240101000000999").startsWith(t.tranTime());
    }

    @Test
    void tranClockUsesTheInjectedClockAndZone() {
        TranClock clock = new TranClock(Clock.fixed(LEAP_DAY, ZoneOffset.UTC), KonaTimeZone.of("KST"));
        assertThat(clock.now().tranTime()).isEqualTo("20240229230509");
        assertThat(clock.zone().code()).isEqualTo("KST");
    }

    @Test
    void parsesTranTimeStrictly() {
        assertThat(TranTime.parseTranTime("20240229230509", ZoneId.of("Asia/Seoul")))
                .isEqualTo(Instant.parse("2024-02-29T14:05:09Z"));
        assertThatThrownBy(() -> TranTime.parseTranTime("20230229230509", ZoneOffset.UTC))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> TranTime.parseTranTime("2024022923050", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TranTime.parseTranTime("2024-02-29T230", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeZoneCodes() {
        assertThat(KonaTimeZone.of("KST").zone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThat(KonaTimeZone.of("utc")).isEqualTo(new KonaTimeZone("UTC", ZoneId.of("UTC")));
        assertThat(KonaTimeZone.of("JST").zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(KonaTimeZone.of("GMT").zone()).isEqualTo(ZoneId.of("GMT"));
        assertThatThrownBy(() -> KonaTimeZone.of("PST"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PST").hasMessageContaining("KST").hasMessageContaining("UTC");
    }
}
