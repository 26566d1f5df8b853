package konagw.core.inquiry;

/** The virtual account linked to a card. toString masks the account number. */
public record VirtualAccount(String accountNo, String bankCode, String connectType, String status) {

    public static final String FIXATION = "FIXATION";
    public static final String ROTATION = "ROTATION";
    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";

    /** The card is linked to one fixed account. */
    public boolean fixation() {
        return FIXATION.equals(connectType);
    }

    /** The linked account rotates, so an answer goes stale quickly. */
    public boolean rotation() {
        return ROTATION.equals(connectType);
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** All but the last four characters replaced by {@code *}. */
    public String maskedAccountNo() {
        return mask(accountNo);
    }

    static String mask(String number) {
        if (number == null) {
            return null;
        }
        int keep = number.length() > 4 ? 4 : 0;
        return "*".repeat(number.length() - keep) + number.substring(number.length() - keep);
    }

    @Override
    public String toString() {
        return "VirtualAccount[accountNo=" + maskedAccountNo() + ", bankCode=" + bankCode + ", connectType="
                + connectType + ", status=" + status + "]";
    }
}
