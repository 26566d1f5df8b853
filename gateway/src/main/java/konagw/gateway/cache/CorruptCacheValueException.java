package konagw.gateway.cache;

/** A cache value that cannot be trusted; it is treated as a miss and overwritten. */
public class CorruptCacheValueException extends RuntimeException {

    public CorruptCacheValueException(String message) {
        super(message, null, false, false);
    }
}
