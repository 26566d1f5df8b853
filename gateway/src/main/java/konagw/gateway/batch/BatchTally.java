package konagw.gateway.batch;

import java.util.Map;
import java.util.TreeMap;

import konagw.gateway.inquiry.LookupResult;

/**
 * The summary's counts: distinct cards by where their answer came from, and errors by code, one per index
 * written; and the summary as JSON,
 * {@code {"total":…,"cards":…,"cacheHits":…,"upstreamCalls":…,"stale":…,"errors":{…},"elapsedMs":…}}.
 */
final class BatchTally {

    private int cacheHits;
    private int upstreamCalls;
    private int stale;
    private final Map<String, Integer> errors = new TreeMap<>();

    /** A distinct card's answer, once. */
    void answered(Resolved resolved) {
        LookupResult result = resolved.result();
        if (result == null) {
            if (resolved.reachedUpstream()) {
                upstreamCalls++;
            }
            return;
        }
        switch (result.source()) {
            case CACHE -> cacheHits++;
            case UPSTREAM -> upstreamCalls++;
            case STALE -> {
                stale++;
                upstreamCalls++;
            }
        }
    }

    /** An index written with this error code; {@code null} (an account) counts nothing. */
    void written(String errorCode) {
        if (errorCode != null) {
            errors.merge(errorCode, 1, Integer::sum);
        }
    }

    int cacheHits() {
        return cacheHits;
    }

    int upstreamCalls() {
        return upstreamCalls;
    }

    int stale() {
        return stale;
    }

    Map<String, Integer> errors() {
        return errors;
    }

    void writeSummary(ByteOut out, BatchPlan plan, long startNanos) {
        out.writeAscii("{\"total\":");
        out.writeInt(plan.size());
        out.writeAscii(",\"cards\":");
        out.writeInt(plan.uniqueCount());
        out.writeAscii(",\"cacheHits\":");
        out.writeInt(cacheHits);
        out.writeAscii(",\"upstreamCalls\":");
        out.writeInt(upstreamCalls);
        out.writeAscii(",\"stale\":");
        out.writeInt(stale);
        out.writeAscii(",\"errors\":{");
        boolean first = true;
        for (Map.Entry<String, Integer> error : errors.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeString(error.getKey());
            out.write(':');
            out.writeInt(error.getValue());
        }
        out.writeAscii("},\"elapsedMs\":");
        out.writeLong((System.nanoTime() - startNanos) / 1_000_000);
        out.write('}');
    }
}
