package konagw.gateway.logging;

import java.util.Map;

import konagw.gateway.auth.AuthenticatedClient;

/**
 * What every log line of one request carries, kept in the request's Reactor Context: its correlation id, and
 * the client id once authentication has set it on the exchange (read when a line is logged, so lines logged
 * after authentication carry it although this context was written before).
 */
public record RequestLogContext(String correlationId, Map<String, Object> exchangeAttributes) {

    /** The authenticated client, or null before authentication (or when it is off). */
    public String clientId() {
        Object clientId = exchangeAttributes.get(AuthenticatedClient.ATTRIBUTE);
        return clientId == null ? null : clientId.toString();
    }
}
