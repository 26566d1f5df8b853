package konagw.gateway.logging;

/**
 * Masks every run of 13 to 19 ASCII digits (the lengths of a card number) to its first 6 and last 4 digits,
 * the middle replaced by one {@code *} per digit: a 16-digit number reads as {@code CardNumber.masked()} does.
 * Applied by the log pipeline itself (text and structured output), so that a card number reaching a message,
 * an argument, an exception message or an MDC value is masked even where the code forgot to.
 * Longer or shorter runs are left alone: they are not card numbers (timestamps, ids, amounts). So is a run inside
 * a hexadecimal token (digits and at least one of {@code a-f}, nothing else between separators): job, trace, span
 * and request ids are random hex, and one in a few dozen holds 13 digits in a row; masking those would make the id
 * in a log line differ from the one the caller, the trace backend or Redis knows. A card number glued to any other
 * letter ({@code cardNo9410…}) is still masked.
 */
public final class PanMasking {

    static final int MIN = 13;
    static final int MAX = 19;
    private static final int KEEP_START = 6;
    private static final int KEEP_END = 4;

    private PanMasking() {
    }

    /** {@code text} with every card-number-long digit run masked; the same instance when there is none. */
    public static String mask(String text) {
        if (text == null || text.length() < MIN) {
            return text;
        }
        StringBuilder masked = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            int length = i - start;
            if (length >= MIN && length <= MAX) {
                int tokenEnd = hexTokenEnd(text, start, i);
                if (tokenEnd >= 0) {
                    i = tokenEnd;
                    continue;
                }
                if (masked == null) {
                    masked = new StringBuilder(text);
                }
                for (int j = start + KEEP_START; j < i - KEEP_END; j++) {
                    masked.setCharAt(j, '*');
                }
            }
        }
        return masked == null ? text : masked.toString();
    }

    /**
     * Where the alphanumeric token holding the digits {@code [start, end)} ends, when that token is hexadecimal
     * with at least one letter; -1 otherwise.
     */
    private static int hexTokenEnd(String text, int start, int end) {
        int from = start;
        while (from > 0 && isAlphanumeric(text.charAt(from - 1))) {
            from--;
        }
        int to = end;
        while (to < text.length() && isAlphanumeric(text.charAt(to))) {
            to++;
        }
        boolean letter = false;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (!isDigit(c)) {
                if (!isHexLetter(c)) {
                    return -1;
                }
                letter = true;
            }
        }
        return letter ? to : -1;
    }

    private static boolean isAlphanumeric(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHexLetter(char c) {
        return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
