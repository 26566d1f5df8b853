package konagw.gateway.batch;

import java.util.Arrays;

import konagw.core.card.CardNumber;
import konagw.core.protocol.KonaCode;
import konagw.gateway.inquiry.CardNoReader;
import konagw.gateway.problem.GatewayProblemException;

/**
 * What a batch asks for, in primitive arrays: per input index either the distinct card it names or why
 * the entry is invalid; per distinct card its number and the chain of indices that named it. A
 * 10,000-card batch costs about 200 KB here, whatever the duplicates.
 * <p>Entries are validated with the facade's own rule ({@link CardNoReader#parse}); an invalid entry
 * becomes an error result for its index and never fails the batch.
 */
final class BatchPlan {

    /** Why an entry is not looked up. */
    enum Invalid {
        MISSING(KonaCode.MISSING_REQUIRED, "cardNo is required."),
        MALFORMED(KonaCode.INVALID_INPUT, "cardNo must be exactly 16 ASCII digits."),
        NOT_STRING(KonaCode.INVALID_INPUT, "cardNo must be a string.");

        private final KonaCode code;
        private final String message;

        Invalid(KonaCode code, String message) {
            this.code = code;
            this.message = message;
        }

        KonaCode code() {
            return code;
        }

        String message() {
            return message;
        }
    }

    private static final Invalid[] INVALIDS = Invalid.values();

    private final int size;
    /** Per index: the distinct card (≥ 0), or {@code -1 - Invalid.ordinal()}. */
    private final int[] uniqueOf;
    /** Per index: the next index naming the same card, {@code -1} at the end of the chain. */
    private final int[] nextSame;
    private final int uniqueCount;
    /** Per distinct card: its 16 digits as a number (leading zeros restored by {@link #card}). */
    private final long[] cards;
    private final int[] firstOf;
    private final int[] lastOf;

    private BatchPlan(Builder b) {
        this.size = b.size;
        this.uniqueOf = b.uniqueOf;
        this.nextSame = b.nextSame;
        this.uniqueCount = b.uniqueCount;
        this.cards = b.cards;
        this.firstOf = b.firstOf;
        this.lastOf = b.lastOf;
    }

    static Builder builder() {
        return new Builder();
    }

    /** A builder sized for {@code expected} entries. */
    static Builder builder(int expected) {
        return new Builder(expected);
    }

    /**
     * An entry as one number, as a job stores it: the card's 16 digits read as a number (≥ 0), or
     * {@code -1 - Invalid.ordinal()} for an invalid entry ({@code raw == null}: a JSON {@code null}).
     */
    static long encode(String raw) {
        CardNumber card;
        try {
            card = CardNoReader.parse(raw);
        } catch (GatewayProblemException e) {
            return encode(e.code() == KonaCode.MISSING_REQUIRED ? Invalid.MISSING : Invalid.MALFORMED);
        }
        return Long.parseLong(card.digits());
    }

    static long encode(Invalid why) {
        return -1L - why.ordinal();
    }

    /** The plan of encoded entries ({@link #encode}), in their order. */
    static BatchPlan of(long[] entries) {
        Builder plan = builder(entries.length);
        for (long entry : entries) {
            if (entry >= 0) {
                plan.addNumber(entry);
            } else {
                plan.addInvalid(INVALIDS[(int) (-1 - entry)]);
            }
        }
        return plan.build();
    }

    /** Number of entries (one result each). */
    int size() {
        return size;
    }

    /** Number of distinct valid card numbers (one lookup each). */
    int uniqueCount() {
        return uniqueCount;
    }

    /** The distinct card of an index, or {@code -1} when the entry is invalid. */
    int uniqueOf(int index) {
        int u = uniqueOf[index];
        return u >= 0 ? u : -1;
    }

    /** Why the entry at an index is invalid, or {@code null} when it names a card. */
    Invalid invalid(int index) {
        int u = uniqueOf[index];
        return u >= 0 ? null : INVALIDS[-1 - u];
    }

    int firstIndex(int unique) {
        return firstOf[unique];
    }

    int lastIndex(int unique) {
        return lastOf[unique];
    }

    /** The next index naming the same card, or {@code -1}. */
    int nextIndex(int index) {
        return nextSame[index];
    }

    /** A distinct card's 16 digits read as a number. */
    long number(int unique) {
        return cards[unique];
    }

    CardNumber card(int unique) {
        return CardNumber.parse(digits(cards[unique]));
    }

    /**
     * The card number of 16 ASCII digits as a number, or {@code -1} for any other text (which {@link Builder#add}
     * then classifies).
     */
    static long cardNumber(char[] text, int offset, int length) {
        if (length != CardNumber.LENGTH) {
            return -1;
        }
        long number = 0;
        for (int i = offset; i < offset + length; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    static String digits(long card) {
        String s = Long.toString(card);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }

    /** Builds a plan entry by entry, in input order. Not thread-safe; used while parsing one body. */
    static final class Builder {

        private int size;
        private int[] uniqueOf;
        private int[] nextSame;
        private int uniqueCount;
        private long[] cards;
        private int[] firstOf;
        private int[] lastOf;
        private final LongIntMap seen;

        Builder() {
            this(16);
        }

        /** @param expected entries the plan will most likely hold: sized once, never regrown on the way */
        Builder(int expected) {
            int n = Math.max(1, expected);
            uniqueOf = new int[n];
            nextSame = new int[n];
            cards = new long[n];
            firstOf = new int[n];
            lastOf = new int[n];
            seen = new LongIntMap(n);
        }

        int size() {
            return size;
        }

        /** An entry that was a JSON string or {@code null} ({@code raw == null}). */
        Builder add(String raw) {
            CardNumber card;
            try {
                card = CardNoReader.parse(raw);
            } catch (GatewayProblemException e) {
                return addInvalid(e.code() == KonaCode.MISSING_REQUIRED ? Invalid.MISSING : Invalid.MALFORMED);
            }
            return addNumber(Long.parseLong(card.digits()));
        }

        /** A valid card, as its 16 digits read as a number. */
        Builder addNumber(long number) {
            if (number < 0 || number >= CardNumber.NUMBER_BOUND) {
                throw new IllegalArgumentException("not a 16-digit card number");
            }
            int index = grow();
            int unique = seen.putIfAbsent(number, uniqueCount);
            if (unique < 0) {
                unique = uniqueCount++;
                if (unique == cards.length) {
                    int n = unique * 2;
                    cards = Arrays.copyOf(cards, n);
                    firstOf = Arrays.copyOf(firstOf, n);
                    lastOf = Arrays.copyOf(lastOf, n);
                }
                cards[unique] = number;
                firstOf[unique] = index;
            } else {
                nextSame[lastOf[unique]] = index;
            }
            lastOf[unique] = index;
            uniqueOf[index] = unique;
            nextSame[index] = -1;
            return this;
        }

        Builder addInvalid(Invalid why) {
            int index = grow();
            uniqueOf[index] = -1 - why.ordinal();
            nextSame[index] = -1;
            return this;
        }

        BatchPlan build() {
            return new BatchPlan(this);
        }

        private int grow() {
            if (size == uniqueOf.length) {
                uniqueOf = Arrays.copyOf(uniqueOf, size * 2);
                nextSame = Arrays.copyOf(nextSame, size * 2);
            }
            return size++;
        }
    }

    /** Open addressing, linear probing: card number → distinct index, without boxing. */
    static final class LongIntMap {

        private static final long EMPTY = -1L; // card numbers are ≥ 0

        private long[] keys;
        private int[] values;
        private int count;

        LongIntMap(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new long[capacity];
            Arrays.fill(keys, EMPTY);
            values = new int[capacity];
        }

        /** The value already stored for {@code key}, or {@code -1} after storing {@code value}. */
        int putIfAbsent(long key, int value) {
            if (key < 0) {
                throw new IllegalArgumentException("negative key");
            }
            int mask = keys.length - 1;
            int slot = mix(key) & mask;
            while (keys[slot] != EMPTY) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
            if (++count * 2 > keys.length) {
                rehash();
            }
            return -1;
        }

        int size() {
            return count;
        }

        private void rehash() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            Arrays.fill(keys, EMPTY);
            values = new int[oldValues.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    int slot = mix(oldKeys[i]) & mask;
                    while (keys[slot] != EMPTY) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
