package konagw.gateway.batch;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import konagw.gateway.upstream.UpstreamPolicy;
import reactor.core.publisher.Mono;

/**
 * The chunk of an asynchronous job, looked up exactly as a batch is ({@link BatchLookup}: claimed, one pipelined
 * cache read, the misses through the coalesced lookup path in the batch partition, written back) and answered with
 * the batch's result objects as NDJSON lines in input order, numbered from the chunk's first index in its job.
 * <p>Cards the upstream guard refused without sending anything (open circuit, no quota permit, full bulkhead, no
 * correlation id) can be looked up again after a pause ({@link Chunk#refused()}, {@link Chunk#lookUp}); the job runner
 * decides how long it pauses.
 */
public final class ChunkLookup {

    private final BatchLookup lookup;

    ChunkLookup(BatchLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * An entry as a job stores it: the card's 16 digits as a number (≥ 0), or a negative number naming why the entry
     * is invalid ({@code raw == null}: a JSON {@code null}).
     */
    public static long encode(String raw) {
        return BatchPlan.encode(raw);
    }

    /** The stored form of an entry that is not a string. */
    public static long notAString() {
        return BatchPlan.encode(BatchPlan.Invalid.NOT_STRING);
    }

    /** A chunk of encoded entries ({@link #encode}) whose first entry is the job's index {@code firstIndex}. */
    public Chunk chunk(long[] entries, int firstIndex) {
        return new Chunk(BatchPlan.of(entries), firstIndex);
    }

    /** The looked-up lines of a chunk and what they hold (the summary's fields). */
    public record Result(byte[] lines, int entries, int cards, int cacheHits, int upstreamCalls, int stale,
            Map<String, Integer> errors) {
    }

    /** One distinct card's answer, as the audit trail records it. */
    @FunctionalInterface
    public interface AnswerVisitor {
        /**
         * @param source        {@code CACHE}, {@code UPSTREAM} or {@code STALE}; null when nothing answered
         * @param correlationId the vendor exchange's X-KM-Correlation-Id, when the card went upstream
         */
        void answer(String maskedCard, String source, String resultCode, String correlationId);
    }

    /** One chunk being looked up: its answers so far. Not for concurrent use. */
    public final class Chunk {

        private final BatchPlan plan;
        private final int firstIndex;
        private final Resolved[] answers;
        /** Per distinct card: how many entries name it. */
        private final int[] weight;
        private final AtomicInteger answeredEntries = new AtomicInteger();

        private Chunk(BatchPlan plan, int firstIndex) {
            this.plan = plan;
            this.firstIndex = firstIndex;
            this.answers = new Resolved[plan.uniqueCount()];
            this.weight = new int[plan.uniqueCount()];
            int invalid = 0;
            for (int i = 0; i < plan.size(); i++) {
                int unique = plan.uniqueOf(i);
                if (unique < 0) {
                    invalid++;
                } else {
                    weight[unique]++;
                }
            }
            answeredEntries.set(invalid);
        }

        public int entries() {
            return plan.size();
        }

        /** Distinct valid cards. */
        public int cards() {
            return plan.uniqueCount();
        }

        /** Entries answered so far (invalid ones from the start; refusals not), readable from any thread. */
        public int answered() {
            return answeredEntries.get();
        }

        /**
         * Looks up every card without an answer, or whose answer was a refusal that sent nothing (all of them the
         * first time); completes when each has an answer. Cancelling it gives up the cards' flights.
         * @param quotaWait how long a miss may wait for upstream quota permits before it is answered as a timeout
         */
        public Mono<Void> lookUp(UpstreamPolicy policy, Duration quotaWait) {
            return Mono.defer(() -> {
                int[] todo = pending();
                if (todo.length == 0) {
                    return Mono.empty();
                }
                boolean all = todo.length == plan.uniqueCount();
                BatchPlan subset = all ? plan : subset(todo);
                return lookup.lookUp(subset, policy, quotaWait)
                        .doOnNext(group -> {
                            for (Resolved resolved : group) {
                                int unique = all ? resolved.unique() : todo[resolved.unique()];
                                answers[unique] = all ? resolved : resolved.as(unique);
                                if (!refusal(resolved)) {
                                    answeredEntries.addAndGet(weight[unique]);
                                }
                            }
                        })
                        .then();
            });
        }

        /** Distinct cards whose answer is a refusal that sent nothing (each keeps it unless looked up again). */
        public int refused() {
            int refused = 0;
            for (Resolved answer : answers) {
                if (answer != null && refusal(answer)) {
                    refused++;
                }
            }
            return refused;
        }

        /** The chunk's lines, every entry answered (a card never answered gets {@code 900_000}). */
        public Result finish() {
            BatchResultWriter writer = BatchResultWriter.lines(plan, firstIndex);
            ByteBuffer start = writer.open();
            List<Resolved> all = new ArrayList<>(answers.length);
            for (Resolved answer : answers) {
                if (answer != null) {
                    all.add(answer);
                }
            }
            ByteBuffer middle = all.isEmpty() ? null : writer.write(all);
            ByteBuffer end = writer.close();
            int size = start.remaining() + (middle == null ? 0 : middle.remaining()) + end.remaining();
            ByteBuffer lines = ByteBuffer.allocate(size).put(start);
            if (middle != null) {
                lines.put(middle);
            }
            lines.put(end);
            return new Result(lines.array(), plan.size(), plan.uniqueCount(), writer.cacheHits(),
                    writer.upstreamCalls(), writer.stale(), new TreeMap<>(writer.errors()));
        }

        /** Each distinct card that has an answer, with its answer (a refusal counts: the card was asked for). */
        public void forEachAnswer(AnswerVisitor visitor) {
            for (Resolved answer : answers) {
                if (answer != null) {
                    visitor.answer(plan.card(answer.unique()).masked(), answer.source(), answer.resultCode(),
                            answer.correlationId());
                }
            }
        }

        private int[] pending() {
            int count = 0;
            for (Resolved answer : answers) {
                if (answer == null || refusal(answer)) {
                    count++;
                }
            }
            int[] todo = new int[count];
            int n = 0;
            for (int u = 0; u < answers.length; u++) {
                if (answers[u] == null || refusal(answers[u])) {
                    todo[n++] = u;
                }
            }
            return todo;
        }

        private BatchPlan subset(int[] uniques) {
            BatchPlan.Builder builder = BatchPlan.builder(uniques.length);
            for (int unique : uniques) {
                builder.addNumber(plan.number(unique));
            }
            return builder.build();
        }
    }

    private static boolean refusal(Resolved resolved) {
        return resolved.failure() != null && !resolved.failure().reachedUpstream();
    }
}
