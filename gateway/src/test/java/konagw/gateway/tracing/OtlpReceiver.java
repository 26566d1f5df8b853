package konagw.gateway.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OTLP/HTTP trace receiver for tests: accepts {@code POST /v1/traces} (protobuf), keeps every raw
 * payload, and decodes the few span fields a test asserts on with a small protobuf reader (the wire format of
 * {@code opentelemetry/proto/collector/trace/v1} — no generated classes needed).
 */
public final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> payloads = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    receiver.payloads.add(in.readAllBytes());
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<byte[]> payloads() {
        return List.copyOf(payloads);
    }

    public List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        for (byte[] payload : payloads) {
            for (Field resourceSpans : Field.read(payload, 0, payload.length)) {
                if (resourceSpans.number == 1) {
                    for (Field scopeSpans : resourceSpans.children()) {
                        if (scopeSpans.number == 2) {
                            for (Field span : scopeSpans.children()) {
                                if (span.number == 2) {
                                    spans.add(Span.of(span.children()));
                                }
                            }
                        }
                    }
                }
            }
        }
        return spans;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The fields of one exported span a test looks at; ids in lower-case hex, string attributes only. */
    public record Span(String traceId, String spanId, String parentSpanId, String name, Map<String, String> attributes) {

        static Span of(List<Field> fields) {
            String traceId = "";
            String spanId = "";
            String parent = "";
            String name = "";
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Field f : fields) {
                switch (f.number) {
                    case 1 -> traceId = HexFormat.of().formatHex(f.bytes());
                    case 2 -> spanId = HexFormat.of().formatHex(f.bytes());
                    case 4 -> parent = HexFormat.of().formatHex(f.bytes());
                    case 5 -> name = f.string();
                    case 9 -> {
                        String key = null;
                        String value = null;
                        for (Field kv : f.children()) {
                            if (kv.number == 1) {
                                key = kv.string();
                            } else if (kv.number == 2) {
                                for (Field any : kv.children()) {
                                    if (any.number == 1) {
                                        value = any.string();
                                    }
                                }
                            }
                        }
                        if (key != null) {
                            attributes.put(key, value);
                        }
                    }
                    default -> { }
                }
            }
            return new Span(traceId, spanId, parent, name, attributes);
        }
    }

    /** One protobuf field: varint and fixed values skipped, length-delimited ones kept as a slice. */
    record Field(int number, byte[] buffer, int offset, int length) {

        static List<Field> read(byte[] buffer, int from, int to) {
            List<Field> fields = new ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                long tag = varint(buffer, at);
                int number = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                switch (wire) {
                    case 0 -> varint(buffer, at);
                    case 1 -> at[0] += 8;
                    case 5 -> at[0] += 4;
                    case 2 -> {
                        int length = (int) varint(buffer, at);
                        fields.add(new Field(number, buffer, at[0], length));
                        at[0] += length;
                    }
                    default -> throw new IllegalStateException("unexpected protobuf wire type " + wire);
                }
            }
            return fields;
        }

        private static long varint(byte[] buffer, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buffer[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        List<Field> children() {
            return read(buffer, offset, offset + length);
        }

        byte[] bytes() {
            return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
        }

        String string() {
            return new String(buffer, offset, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
