package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.inquiry.LookupResult;
import konagw.gateway.inquiry.LookupSource;
import konagw.gateway.upstream.FailureClass;

/** The summary's counts alone: cards by source, errors per index written, calls actually made. */
class BatchTallyTest {

    static final VirtualAccount ACCOUNT = new VirtualAccount("79790000000001", "090", "FIXATION", "ACTIVE");

    @Test
    void countsCardsBySourceAndOnlyCallsThatWereMade() {
        BatchTally tally = new BatchTally();
        tally.answered(Resolved.of(0, LookupResult.account(LookupSource.CACHE, ACCOUNT, null)));
        tally.answered(Resolved.of(1, LookupResult.account(LookupSource.UPSTREAM, ACCOUNT, null)));
        tally.answered(Resolved.of(2, LookupResult.account(LookupSource.STALE, ACCOUNT, null)));
        tally.answered(Resolved.failed(3, FailureClass.CIRCUIT_OPEN, "Circuit open: upstream is failing."));
        tally.answered(Resolved.failed(4, FailureClass.TIMEOUT, "Upstream did not answer in time."));
        tally.answered(Resolved.failed(5, BatchResultWriter.INTERNAL_ERROR_CODE, BatchResultWriter.INTERNAL_ERROR_MESSAGE));
        tally.written(null);
        tally.written("900_001");
        tally.written("900_001");

        assertThat(tally.cacheHits()).isEqualTo(1);
        assertThat(tally.upstreamCalls()).isEqualTo(3); // UPSTREAM, STALE and the timeout; not the open circuit
        assertThat(tally.stale()).isEqualTo(1);
        assertThat(tally.errors()).containsExactly(java.util.Map.entry("900_001", 2));

        ByteOut out = new ByteOut(16);
        BatchPlan plan = BatchPlan.builder().add("9410000000000001").build();
        tally.writeSummary(out, plan, System.nanoTime());
        String summary = StandardCharsets.UTF_8.decode(out.buffer()).toString();
        assertThat(summary).startsWith("{\"total\":1,\"cards\":1,\"cacheHits\":1,\"upstreamCalls\":3,\"stale\":1,"
                + "\"errors\":{\"900_001\":2},\"elapsedMs\":");
    }
}
