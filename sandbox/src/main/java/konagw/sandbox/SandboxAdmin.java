package konagw.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import konagw.core.inquiry.VirtualAccount;

/**
 * Counters and fault injection of a running sandbox. The same operations are served over HTTP outside
 * {@code /api} ({@code GET /_sandbox/stats}, {@code POST /_sandbox/reset}, {@code PUT|DELETE /_sandbox/faults}).
 * Card numbers are never stored: per-card counters are keyed by a keyed hash of the number.
 */
public interface SandboxAdmin {

    /** Requests received on {@code /api/**} since start or the last {@link #reset()}, violations included. */
    long totalRequests();

    /** Requests received on one path (e.g. {@code /api/v1/card/virtual-account/inquiry}). */
    long requests(String path);

    /** Virtual-account inquiries that reached the card lookup for this card (16 digits). */
    long inquiriesForCard(String cardDigits);

    /** The most recent protocol violations, oldest first (bounded; see {@link #violationCount()} for the total). */
    List<Violation> violations();

    /** All protocol violations since start or the last reset. */
    long violationCount();

    /** Violations counted by reason. */
    Map<String, Long> violationsByReason();

    /**
     * The names (lower case) of the request headers received on {@code /api/**} since start or the last
     * {@link #reset()}: what the gateway sends the vendor (e.g. that no {@code traceparent} leaves). Names only, never
     * values; at most {@value AdminState#MAX_HEADER_NAMES}.
     */
    java.util.Set<String> headerNamesSeen();

    /** Requests rejected because their correlation id had been seen before. */
    long duplicateCorrelationIds();

    /**
     * Sets every counter back to zero, forgets the listed violations and every {@link #remapCard remapped card}.
     * Faults and seen correlation ids stay.
     */
    void reset();

    /**
     * Answers inquiries for this card (16 digits) with {@code account} from now on, as when the vendor links another
     * account to the card; {@code null} gives the card its own account back. At most 1,000 cards; the card is kept
     * as a keyed hash only.
     */
    void remapCard(String cardDigits, VirtualAccount account);

    /**
     * Installs a fault for one path (exact match, e.g. {@code /api/v1/card/virtual-account/inquiry}) or, with
     * {@code null}, for every path without a fault of its own. {@link Fault#none()} removes it.
     */
    void setFault(String pathOrNullForGlobal, Fault fault);

    /** The installed faults; the global one under the key {@code "*"}. */
    Map<String, Fault> faults();

    /** Removes every fault. */
    void clearFaults();

    /**
     * Encrypts answers to the client key of this crypto key id (the primary or one of
     * {@link SandboxSettings#extraClientKeys()}) whatever key id the request used, as the vendor does once it has
     * switched a project to its next key; {@code null} answers under the request's key id again (the default).
     * The {@code X-KM-Crypto-Key-Id} response header names the key used. Not touched by {@link #reset()}.
     *
     * @throws IllegalArgumentException if the sandbox does not know the key id
     */
    void answerUnderKeyId(String keyIdOrNull);

    /** One rejected request: when, on which path, and why (the reason is also in the 400 answer's message). */
    record Violation(Instant at, String path, String reason) {
        public Violation {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
