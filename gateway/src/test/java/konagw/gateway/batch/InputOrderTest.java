package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.inquiry.LookupResult;
import konagw.gateway.inquiry.LookupSource;

/** The ordering buffer alone: answers in any order, indices out in input order. */
class InputOrderTest {

    static final VirtualAccount ACCOUNT = new VirtualAccount("79790000000001", "090", "FIXATION", "ACTIVE");

    // index: 0 A, 1 invalid, 2 B, 3 A
    final BatchPlan plan = BatchPlan.builder().add("9410000000000001").add("12").add("9410000000000029")
            .add("9410000000000001").build();
    final List<String> out = new ArrayList<>();
    final InputOrder.Sink sink = new InputOrder.Sink() {
        @Override
        public void invalid(ByteOut bytes, int index, BatchPlan.Invalid invalid) {
            out.add(index + ":invalid");
        }

        @Override
        public void result(ByteOut bytes, int index, Resolved resolved) {
            out.add(index + ":" + resolved.unique());
        }
    };

    @Test
    void anAnswerWaitsForEveryEarlierIndex() {
        InputOrder order = new InputOrder(plan);
        ByteOut bytes = new ByteOut(16);
        order.drain(bytes, sink);
        assertThat(out).isEmpty();

        order.hold(answer(1)); // B: index 2 waits for A at 0
        order.drain(bytes, sink);
        assertThat(out).isEmpty();

        order.hold(answer(0)); // A: 0, the invalid 1, B's 2, then A again at 3
        order.drain(bytes, sink);
        assertThat(out).containsExactly("0:0", "1:invalid", "2:1", "3:0");
        order.drain(bytes, sink);
        assertThat(out).hasSize(4);
    }

    static Resolved answer(int unique) {
        return Resolved.of(unique, LookupResult.account(LookupSource.CACHE, ACCOUNT, null));
    }
}
