package konagw.bench.micro;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import konagw.gateway.audit.AuditEvent;
import konagw.gateway.audit.AuditJson;
import tools.jackson.databind.json.JsonMapper;

/** A cache hit's audit event as its JSON line: data binding against the streaming writer the audit thread uses. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class AuditLineBench {

    private final AuditEvent hit = new AuditEvent(Instant.now(), "alpha", "inquiry",
            "/api/v1/card/virtual-account/inquiry", "941000******0001", null, "c0ffee0123456789", "CACHE", "000_000",
            200, 1, null, null);
    private final JsonMapper binding = JsonMapper.builder().build();
    private final AuditJson streaming = new AuditJson();

    @Benchmark
    public String dataBinding() {
        return binding.writeValueAsString(hit);
    }

    @Benchmark
    public String streaming() {
        return streaming.write(hit);
    }
}
