package konagw.gateway.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.core.io.JsonStringEncoder;

/** A growable byte array of JSON text; its buffer is handed out once, without a copy. */
final class ByteOut {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] NULL = ascii("null");

    private byte[] bytes;
    private int size;

    ByteOut(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    int size() {
        return size;
    }

    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(ByteBuffer b) {
        int n = b.remaining();
        ensure(n);
        b.get(bytes, size, n);
        size += n;
    }

    void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** For text known to be ASCII and free of characters JSON escapes (names, codes, enum names). */
    void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /** A JSON string value, quoted and escaped; {@code null} as {@code null}. */
    void writeString(String s) {
        if (s == null) {
            write(NULL);
            return;
        }
        write('"');
        if (plainAscii(s)) {
            writeAscii(s); // the usual case: digits, codes, enum names
        } else {
            write(ENCODER.quoteAsUTF8(s));
        }
        write('"');
    }

    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    void writeInt(int v) {
        writeLong(v);
    }

    void writeLong(long v) {
        if (v >= 0 && v < 10) {
            write('0' + (int) v);
        } else {
            writeAscii(Long.toString(v));
        }
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
