package konagw.gateway.upstream;

import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import konagw.core.jwe.JweException;

/**
 * {@code konagw.crypto.failures{kind,key_id}}: an upstream answer that did not decrypt, by why and under which key —
 * whether it came through the facade or a passthrough route. The alert on key rotation watches this counter.
 */
public final class CryptoFailures {

    public static final String METER = "konagw.crypto.failures";

    private final MeterRegistry meters;

    public CryptoFailures(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts {@code failure} if a {@link JweException} is among its causes; anything else is not a crypto failure. */
    public void count(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JweException jwe) {
                // the kid comes from the other side: only one that named a configured key becomes a tag value
                String keyId = jwe.kind() == JweException.Kind.DECRYPTION_FAILED && jwe.keyId() != null ? jwe.keyId()
                        : "unknown";
                meters.counter(METER, "kind", jwe.kind().name().toLowerCase(Locale.ROOT), "key_id", keyId).increment();
                return;
            }
        }
    }
}
