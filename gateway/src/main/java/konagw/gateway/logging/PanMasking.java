package konagw.gateway.logging;

/**
 * Masks every run of 13 to 19 ASCII digits (the lengths of a card number) to its first 6 and last 4 digits,
 * the middle replaced by one {@code *} per digit: a 16-digit number reads as {@code CardNumber.masked()} does.
 * Applied by the log pipeline itself (text and structured output), so that a card number reaching a message,
 * an argument, an exception message or an MDC value is masked even where the code forgot to.
 * Longer or shorter runs are left alone: they are not card numbers (timestamps, ids, amounts).
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
