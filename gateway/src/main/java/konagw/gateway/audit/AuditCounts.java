package konagw.gateway.audit;

/**
 * What a many-card request covered, for its audit event: a batch's entries and distinct cards and how they were
 * answered, or a job's entries at submission. A handler leaves it under {@link #ATTRIBUTE} on the exchange; the
 * audit filter reads it when the answer has been written.
 *
 * @param entries       entries of the request (one result each)
 * @param cards         distinct valid card numbers looked up ({@code null} where not known yet: a job submission)
 * @param cacheHits     cards answered from the cache
 * @param upstreamCalls calls made to KONA PLATE
 * @param stale         cards answered with a stale entry while KONA PLATE failed
 * @param errors        entries answered with an error (invalid entries included)
 */
public record AuditCounts(int entries, Integer cards, Integer cacheHits, Integer upstreamCalls, Integer stale,
        Integer errors) {

    /** The exchange attribute a handler leaves its counts under. */
    public static final String ATTRIBUTE = AuditCounts.class.getName();

    /** A job as submitted: its entries; what they turn into is in its status and results. */
    public static AuditCounts submitted(int entries) {
        return new AuditCounts(entries, null, null, null, null, null);
    }
}
