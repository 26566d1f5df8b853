package konagw.gateway.batch;

/**
 * Answers arrive in any order and leave in input order: an answer waits here only until every earlier index has
 * been written, and is dropped once its last index is. Invalid entries take their turn like the others.
 */
final class InputOrder {

    /** Where the indices go, in order (the writer itself: nothing allocated per card). */
    interface Sink {

        void invalid(ByteOut out, int index, BatchPlan.Invalid invalid);

        void result(ByteOut out, int index, Resolved resolved);
    }

    private final BatchPlan plan;
    /** The answer of each distinct card, until its last index is written. */
    private final Resolved[] pending;
    /** The next index to write. */
    private int next;

    InputOrder(BatchPlan plan) {
        this.plan = plan;
        this.pending = new Resolved[plan.uniqueCount()];
    }

    void hold(Resolved resolved) {
        pending[resolved.unique()] = resolved;
    }

    /** Every index whose turn has come, to {@code sink}. */
    void drain(ByteOut out, Sink sink) {
        while (next < plan.size()) {
            BatchPlan.Invalid invalid = plan.invalid(next);
            if (invalid != null) {
                sink.invalid(out, next, invalid);
            } else {
                int unique = plan.uniqueOf(next);
                Resolved resolved = pending[unique];
                if (resolved == null) {
                    return;
                }
                sink.result(out, next, resolved);
                if (plan.lastIndex(unique) == next) {
                    pending[unique] = null;
                }
            }
            next++;
        }
    }
}
