package konagw.gateway.quota;

/**
 * Who draws an upstream permit. Every call draws from the shared bucket (the vendor quota); batch calls
 * also draw from the batch bucket ({@code batch-share} × the rate), so batches can never take more than
 * their share and interactive lookups always keep the rest.
 */
public enum Partition {
    /** Facade lookups and passthrough routes: the shared bucket only. */
    INTERACTIVE,
    /** Batch lookups: the batch bucket and the shared bucket, both or neither. */
    BATCH
}
