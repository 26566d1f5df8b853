package konagw.core.card;

/** A card number failed validation. The message describes the rule, never the input. */
public final class InvalidCardNumberException extends IllegalArgumentException {

    public enum Reason { MISSING, WRONG_LENGTH, NOT_DIGITS }

    private final Reason reason;

    InvalidCardNumberException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
