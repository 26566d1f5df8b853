package konagw.core.client;

/** What came back over the wire, before any interpretation. */
record RawResponse(int status, String echoedCorrelationId, byte[] body) {
}
