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
    /** Scratch for one string's characters. */
    private char[] chars = new char[64];

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
        int n = s.length();
        ensure(n);
        char[] c = chars(n);
        s.getChars(0, n, c, 0);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < n; i++) {
            b[p + i] = (byte) c[i];
        }
        size = p + n;
    }

    /**
     * A JSON string value, quoted and escaped; {@code null} as {@code null}. One pass over the usual text (digits,
     * codes, enum names), copied as it is checked (through a char array: {@code getChars} copies in bulk where
     * {@code charAt} checks the string's coding and bounds per character); the escaping encoder only for text that
     * needs it.
     */
    void writeString(String s) {
        if (s == null) {
            write(NULL);
            return;
        }
        int n = s.length();
        ensure(n + 2);
        char[] c = chars(n);
        s.getChars(0, n, c, 0);
        byte[] b = bytes;
        int p = size;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\') {
                writeEscaped(s); // from size, which still points before the opening quote
                return;
            }
            b[p++] = (byte) ch;
        }
        b[p++] = '"';
        size = p;
    }

    private char[] chars(int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        return chars;
    }

    private void writeEscaped(String s) {
        write('"');
        write(ENCODER.quoteAsUTF8(s));
        write('"');
    }

    void writeInt(int v) {
        writeLong(v);
    }

    /** Decimal, without a string in between. */
    void writeLong(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                writeAscii(Long.toString(v));
                return;
            }
            write('-');
            v = -v;
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        byte[] b = bytes;
        int p = size + digits;
        size = p;
        do {
            b[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
