package konagw.core.protocol;

/** The KONA PLATE common header names and their fixed lengths (PROTOCOL.md §2, §3). */
public final class KmHeaders {

    public static final String USER_ASP_ID = "X-KM-User-AspId";
    public static final String CORRELATION_ID = "X-KM-Correlation-Id";
    public static final String ACCESS_KEY = "X-KM-Access-Key";
    public static final String CRYPTO_KEY_ID = "X-KM-Crypto-Key-Id";
    public static final String TRAN_TOKEN = "X-KM-Tran-Token";
    public static final String TRAN_TIME = "X-KM-Tran-Time";
    public static final String TIME_ZONE = "X-KM-Time-Zone";

    public static final int ASP_ID_LENGTH = 15;
    public static final int ACCESS_KEY_LENGTH = 40;
    public static final int CRYPTO_KEY_ID_LENGTH = 32;
    public static final int CORRELATION_ID_LENGTH = 20;
    public static final int TRAN_TIME_LENGTH = 14;
    /** {@code KMV1:} + 17 digits + {@code :} + 44 Base64 characters; the vendor's table says 66, one short. */
    public static final int TRAN_TOKEN_LENGTH = 67;
    public static final int TIME_ZONE_LENGTH = 3;

    private KmHeaders() {
    }
}
