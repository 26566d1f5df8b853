package konagw.gateway.callbacks;

/**
 * The internal service did not take the callback (down, slow, breaker open, 5xx): the vendor gets 503 so that it
 * delivers again. {@code outcome} is a metric tag.
 */
final class ForwardFailed extends RuntimeException {

    private final String outcome;

    ForwardFailed(String outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    String outcome() {
        return outcome;
    }
}
