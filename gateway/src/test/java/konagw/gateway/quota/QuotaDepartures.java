package konagw.gateway.quota;

import java.util.List;

/** Counting departures (times at which calls went upstream) against a quota's bound. */
final class QuotaDepartures {

    private QuotaDepartures() {
    }

    /** The most departures in any closed window {@code [t, t + window]}; {@code sorted} in ascending order. */
    static int mostInAnyWindow(List<Long> sorted, long window) {
        int most = 0;
        int end = 0;
        for (int start = 0; start < sorted.size(); start++) {
            end = Math.max(end, start);
            while (end < sorted.size() && sorted.get(end) - sorted.get(start) <= window) {
                end++;
            }
            most = Math.max(most, end - start);
        }
        return most;
    }
}
