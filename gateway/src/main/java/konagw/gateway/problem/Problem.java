package konagw.gateway.problem;

/**
 * An RFC 9457 problem with the KONA PLATE {@code code} and the {@code correlationId} of the exchange.
 * Details never carry card or account numbers.
 */
public record Problem(String type, String title, int status, String detail, String code, String correlationId) {

    public static Problem of(int status, String code, String title, String detail, String correlationId) {
        return new Problem("about:blank", title, status, detail, code, correlationId);
    }
}
