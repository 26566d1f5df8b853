package konagw.sandbox;

import konagw.core.inquiry.VirtualAccount;

/**
 * What the sandbox answers for a card, for tests to compare a gateway's answers with (the same directory every
 * sandbox instance serves). ROTATION cards get a new account on every call, so their account is not predictable.
 */
public final class SandboxDataset {

    private static final VirtualAccounts ACCOUNTS = new VirtualAccounts();

    private SandboxDataset() {
    }

    /** The account of a card (16 digits), or {@code null} when the sandbox answers a vendor error for it. */
    public static VirtualAccount accountOf(String cardDigits) {
        return ACCOUNTS.lookup(cardDigits).account();
    }

    /** The vendor error code the sandbox answers for a card, or {@code null} when it answers an account. */
    public static String errorCodeOf(String cardDigits) {
        VirtualAccounts.Lookup lookup = ACCOUNTS.lookup(cardDigits);
        return lookup.error() == null ? null : lookup.error().code();
    }
}
