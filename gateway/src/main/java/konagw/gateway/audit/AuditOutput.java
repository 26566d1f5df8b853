package konagw.gateway.audit;

/** Where audit events go ({@code konagw.audit.output}). */
public enum AuditOutput {
    /** Standard output, one JSON object per line, next to (not inside) the application's log lines. */
    STDOUT,
    /** Through the application's log appenders: the JSON after the text prefix, or as an ECS line's message. */
    LOG,
    /** {@code konagw.audit.file} alone, one JSON object per line. */
    FILE
}
