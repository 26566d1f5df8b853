package konagw.gateway.callbacks;

/** A callback that passed every check: its correlation id and the plaintext JSON to forward. */
record VerifiedCallback(String correlationId, byte[] plaintext) {
}
