package konagw.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.Mac;

import konagw.core.inquiry.VirtualAccount;

/**
 * Counters and faults of one sandbox. Every map is bounded so that a benchmark over millions of cards or a client
 * inventing paths cannot exhaust memory; what does not fit is counted under an overflow key.
 */
final class AdminState implements SandboxAdmin {

    static final String GLOBAL = "*";
    static final String OTHER = "(other)";
    static final int MAX_PATHS = 1_000;
    static final int MAX_CARDS = 100_000;
    static final int MAX_REASONS = 1_000;
    static final int MAX_LISTED_VIOLATIONS = 1_000;
    static final int MAX_HEADER_NAMES = 100;

    private final Clock clock;
    private final ThreadLocal<Mac> cardHash;

    private final LongAdder total = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byPath = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byCard = new ConcurrentHashMap<>();
    private final LongAdder untrackedCardInquiries = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byAnswerCode = new ConcurrentHashMap<>();
    private final LongAdder violationTotal = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final ArrayDeque<Violation> recentViolations = new ArrayDeque<>();
    private final LongAdder duplicates = new LongAdder();
    private final java.util.Set<String> headerNames = ConcurrentHashMap.newKeySet();

    private volatile Fault globalFault = Fault.none();
    private volatile java.util.Set<String> knownKeyIds = java.util.Set.of();
    private volatile String answerKeyId;
    private final ConcurrentHashMap<String, Fault> pathFaults = new ConcurrentHashMap<>();
    static final int MAX_REMAPPED_CARDS = 1_000;
    /** Remapped cards by card hash. */
    private final ConcurrentHashMap<String, VirtualAccount> remapped = new ConcurrentHashMap<>();

    AdminState(Clock clock) {
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key); // per instance: the hashes in the stats cannot be matched to card numbers
        this.cardHash = ThreadLocal.withInitial(() -> VirtualAccounts.hmac(key));
    }

    // ---- recording (hot path) ----

    void recordRequest(String path) {
        total.increment();
        bounded(byPath, path, MAX_PATHS).increment();
    }

    void recordHeaderNames(Iterable<String> names) {
        for (String name : names) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!headerNames.contains(lower) && headerNames.size() < MAX_HEADER_NAMES) {
                headerNames.add(lower);
            }
        }
    }

    @Override
    public java.util.Set<String> headerNamesSeen() {
        return java.util.Set.copyOf(headerNames);
    }

    void recordCardInquiry(String cardDigits) {
        String hash = hashCard(cardDigits);
        LongAdder counter = byCard.get(hash);
        if (counter == null) {
            if (byCard.size() >= MAX_CARDS) {
                untrackedCardInquiries.increment();
                return;
            }
            counter = byCard.computeIfAbsent(hash, k -> new LongAdder());
        }
        counter.increment();
    }

    void recordAnswer(String code) {
        bounded(byAnswerCode, code, 100).increment();
    }

    void recordViolation(String path, String reason) {
        violationTotal.increment();
        bounded(byReason, reason, MAX_REASONS).increment();
        Violation v = new Violation(clock.instant(), path, reason);
        synchronized (recentViolations) {
            if (recentViolations.size() >= MAX_LISTED_VIOLATIONS) {
                recentViolations.removeFirst();
            }
            recentViolations.addLast(v);
        }
    }

    void recordDuplicate() {
        duplicates.increment();
    }

    /** The fault for a path: its own, else the global one. */
    Fault faultFor(String path) {
        if (!pathFaults.isEmpty()) {
            Fault own = pathFaults.get(path);
            if (own != null) {
                return own;
            }
        }
        return globalFault;
    }

    /** The account a card was remapped to, or {@code null}. */
    VirtualAccount remapped(String cardDigits) {
        return remapped.isEmpty() ? null : remapped.get(hashCard(cardDigits));
    }

    String hashCard(String cardDigits) {
        byte[] h = cardHash.get().doFinal(cardDigits.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(h, 0, 12);
    }

    private static LongAdder bounded(ConcurrentHashMap<String, LongAdder> map, String key, int max) {
        LongAdder counter = map.get(key);
        if (counter != null) {
            return counter;
        }
        if (map.size() >= max) {
            return map.computeIfAbsent(OTHER, k -> new LongAdder());
        }
        return map.computeIfAbsent(key, k -> new LongAdder());
    }

    void knownKeyIds(java.util.Set<String> keyIds) {
        this.knownKeyIds = java.util.Set.copyOf(keyIds);
    }

    /** The key id answers are encrypted under, or {@code null} for the request's own. */
    String answerKeyId() {
        return answerKeyId;
    }

    // ---- SandboxAdmin ----

    @Override
    public void answerUnderKeyId(String keyIdOrNull) {
        if (keyIdOrNull != null && !knownKeyIds.contains(keyIdOrNull)) {
            throw new IllegalArgumentException("unknown crypto key id");
        }
        this.answerKeyId = keyIdOrNull;
    }

    @Override
    public long totalRequests() {
        return total.sum();
    }

    @Override
    public long requests(String path) {
        LongAdder c = byPath.get(path);
        return c == null ? 0 : c.sum();
    }

    @Override
    public long inquiriesForCard(String cardDigits) {
        LongAdder c = byCard.get(hashCard(cardDigits));
        return c == null ? 0 : c.sum();
    }

    @Override
    public List<Violation> violations() {
        synchronized (recentViolations) {
            return List.copyOf(recentViolations);
        }
    }

    @Override
    public long violationCount() {
        return violationTotal.sum();
    }

    @Override
    public Map<String, Long> violationsByReason() {
        return snapshot(byReason);
    }

    @Override
    public long duplicateCorrelationIds() {
        return duplicates.sum();
    }

    @Override
    public void reset() {
        total.reset();
        byPath.clear();
        byCard.clear();
        untrackedCardInquiries.reset();
        byAnswerCode.clear();
        violationTotal.reset();
        byReason.clear();
        synchronized (recentViolations) {
            recentViolations.clear();
        }
        duplicates.reset();
        headerNames.clear();
        remapped.clear();
    }

    @Override
    public void remapCard(String cardDigits, VirtualAccount account) {
        String hash = hashCard(java.util.Objects.requireNonNull(cardDigits, "cardDigits"));
        if (account == null) {
            remapped.remove(hash);
            return;
        }
        if (remapped.size() >= MAX_REMAPPED_CARDS && !remapped.containsKey(hash)) {
            throw new IllegalStateException("at most " + MAX_REMAPPED_CARDS + " remapped cards");
        }
        remapped.put(hash, account);
    }

    @Override
    public void setFault(String pathOrNullForGlobal, Fault fault) {
        Fault f = fault == null ? Fault.none() : fault;
        if (pathOrNullForGlobal == null || pathOrNullForGlobal.isEmpty() || GLOBAL.equals(pathOrNullForGlobal)) {
            globalFault = f;
        } else if (f.isNone()) {
            pathFaults.remove(pathOrNullForGlobal);
        } else {
            pathFaults.put(pathOrNullForGlobal, f);
        }
    }

    @Override
    public Map<String, Fault> faults() {
        Map<String, Fault> all = new LinkedHashMap<>();
        if (!globalFault.isNone()) {
            all.put(GLOBAL, globalFault);
        }
        all.putAll(new TreeMap<>(pathFaults));
        return all;
    }

    @Override
    public void clearFaults() {
        globalFault = Fault.none();
        pathFaults.clear();
    }

    // ---- for the HTTP stats ----

    Map<String, Long> requestsByPath() {
        return snapshot(byPath);
    }

    Map<String, Long> inquiriesByCardHash() {
        return snapshot(byCard);
    }

    long untrackedCardInquiries() {
        return untrackedCardInquiries.sum();
    }

    Map<String, Long> answersByCode() {
        return snapshot(byAnswerCode);
    }


    private static Map<String, Long> snapshot(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
