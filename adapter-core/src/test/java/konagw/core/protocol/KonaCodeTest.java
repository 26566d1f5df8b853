package konagw.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KonaCodeTest {

    @Test
    void vendorCodesMatchTheVendorTable() {
        assertThat(KonaCode.SUCCESS).extracting(KonaCode::code, KonaCode::httpStatus, KonaCode::message)
                .containsExactly("000_000", 200, "Success.");
        assertThat(KonaCode.INVALID_INPUT).extracting(KonaCode::code, KonaCode::httpStatus, KonaCode::message)
                .containsExactly("000_002", 400, "Invalid input parameter.");
        assertThat(KonaCode.MISSING_REQUIRED).extracting(KonaCode::code, KonaCode::httpStatus, KonaCode::message)
                .containsExactly("000_003", 400, "Missing required values.");
        assertThat(KonaCode.CARD_NOT_FOUND).extracting(KonaCode::code, KonaCode::httpStatus, KonaCode::message)
                .containsExactly("003_029", 400, "Card not found");
        assertThat(KonaCode.VIRTUAL_ACCOUNT_NOT_FOUND).extracting(KonaCode::code, KonaCode::httpStatus,
                KonaCode::message).containsExactly("003_067", 400, "Not found virtual account.");
    }

    @Test
    void gatewayCodesMatchTheDesign() {
        assertThat(Arrays.stream(KonaCode.values()).filter(KonaCode::gatewayCode)
                .map(c -> c.code() + " " + c.httpStatus()))
                .containsExactly("900_000 500", "900_001 503", "900_002 504", "900_003 502", "900_004 429",
                        "900_005 401", "900_006 413", "900_007 415", "900_008 404");
    }

    @Test
    void lookupByCode() {
        assertThat(KonaCode.byCode("003_067")).contains(KonaCode.VIRTUAL_ACCOUNT_NOT_FOUND);
        assertThat(KonaCode.byCode("900_003")).contains(KonaCode.UPSTREAM_UNUSABLE);
        assertThat(KonaCode.byCode("123_456")).isEmpty();
        assertThat(KonaCode.byCode(null)).isEmpty();
        assertThat(Arrays.stream(KonaCode.values()).map(KonaCode::code).distinct()).hasSize(KonaCode.values().length);
    }
}
