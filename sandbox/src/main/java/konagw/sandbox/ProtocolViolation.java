package konagw.sandbox;

/**
 * A request broke the protocol: the sandbox answers 400 {@code 000_002} with the reason in the message and lists it.
 * Thrown on the hot path of rejected requests only, so it carries no stack trace.
 */
final class ProtocolViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    ProtocolViolation(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
