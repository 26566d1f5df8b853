package konagw.gateway.callbacks;

/**
 * A callback failed a check: the vendor gets 400 {@code 000_002} and nothing is forwarded. {@code reason} is a small
 * closed set (a metric tag); the message says what failed and never holds a body, a card number or a secret.
 */
final class CallbackRejected extends RuntimeException {

    private final String reason;

    CallbackRejected(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
