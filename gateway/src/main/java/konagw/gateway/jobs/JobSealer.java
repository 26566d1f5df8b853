package konagw.gateway.jobs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import konagw.gateway.cache.CacheSecrets;
import konagw.core.random.NonBlockingRandom;

/**
 * Seals what a job stores in Redis — its input chunks (card numbers) and its result chunks (accounts) — with
 * AES-256-GCM under a key derived from {@code konagw.cache.secret} with HKDF ({@code info} {@value #INFO}, no
 * material shared with the cache's keys). The job id, the chunk number and which of the two it is are the associated
 * data: a value copied to another job or chunk does not open. Layout: version(1) | iv(12) | ciphertext+tag.
 * <p>Result lines are deflated before they are sealed (version 2: plaintext = length(4) | deflated lines, the version
 * in the associated data so that it cannot be flipped): NDJSON of the same fields on every line shrinks several times,
 * and Redis keeps every job's results for the whole retention. Version 1 values (raw lines) still open.
 */
final class JobSealer {

    static final String INFO = "job-aes-gcm";

    private static final byte VERSION = 1;
    private static final byte DEFLATED = 2;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    /** One per thread, reset after each use: a new one per chunk would set up and free zlib's state every time. */
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    enum Part { INPUT, RESULTS }

    private final SecretKey key;
    private final SecureRandom random = NonBlockingRandom.get();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(JobSealer::newCipher);

    JobSealer(SecretKey key) {
        this.key = key;
    }

    static JobSealer fromCacheSecret(String base64) {
        return new JobSealer(new SecretKeySpec(CacheSecrets.subkeyFromBase64(base64, INFO), "AES"));
    }

    byte[] sealEntries(String jobId, int chunk, long[] entries) {
        ByteBuffer plain = ByteBuffer.allocate(entries.length * Long.BYTES);
        for (long entry : entries) {
            plain.putLong(entry);
        }
        return seal(jobId, chunk, Part.INPUT, plain.array());
    }

    long[] openEntries(String jobId, int chunk, byte[] sealed) {
        byte[] plain = open(jobId, chunk, Part.INPUT, sealed);
        if (plain.length % Long.BYTES != 0) {
            throw new UnreadableJobDataException();
        }
        ByteBuffer in = ByteBuffer.wrap(plain);
        long[] entries = new long[plain.length / Long.BYTES];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = in.getLong();
        }
        return entries;
    }

    /** A chunk's result lines, deflated and sealed. */
    byte[] sealLines(String jobId, int chunk, byte[] lines) {
        return seal(jobId, chunk, Part.RESULTS, DEFLATED, deflate(lines));
    }

    /** @throws UnreadableJobDataException when tampered with, moved, or sealed under another secret */
    byte[] openLines(String jobId, int chunk, byte[] sealed) {
        if (sealed.length > 0 && sealed[0] == DEFLATED) {
            return inflate(open(jobId, chunk, Part.RESULTS, DEFLATED, sealed));
        }
        return open(jobId, chunk, Part.RESULTS, sealed);
    }

    byte[] seal(String jobId, int chunk, Part part, byte[] plain) {
        return seal(jobId, chunk, part, VERSION, plain);
    }

    private byte[] seal(String jobId, int chunk, Part part, byte version, byte[] plain) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(jobId, chunk, part, version));
            ByteBuffer out = ByteBuffer.allocate(1 + IV_LENGTH + cipher.getOutputSize(plain.length));
            out.put(version).put(iv);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /** @throws UnreadableJobDataException when tampered with, moved, or sealed under another secret */
    byte[] open(String jobId, int chunk, Part part, byte[] sealed) {
        return open(jobId, chunk, part, VERSION, sealed);
    }

    private byte[] open(String jobId, int chunk, Part part, byte version, byte[] sealed) {
        if (sealed.length < 1 + IV_LENGTH + TAG_BITS / 8 || sealed[0] != version) {
            throw new UnreadableJobDataException();
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_LENGTH));
            cipher.updateAAD(associatedData(jobId, chunk, part, version));
            return cipher.doFinal(sealed, 1 + IV_LENGTH, sealed.length - 1 - IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new UnreadableJobDataException();
        }
    }

    private static byte[] associatedData(String jobId, int chunk, Part part, byte version) {
        String data = "konagw-job:" + jobId + ':' + chunk + ':' + part.name();
        return (version == VERSION ? data : data + ":v" + version).getBytes(StandardCharsets.US_ASCII);
    }

    /** length(4) | the lines deflated at the fastest level (the lines are regular; speed matters more). */
    private static byte[] deflate(byte[] lines) {
        Deflater deflater = DEFLATERS.get();
        try {
            deflater.setInput(lines);
            deflater.finish();
            // zlib's deflateBound: even incompressible lines fit, so one array and one copy
            int bound = lines.length + (lines.length >> 12) + (lines.length >> 14) + (lines.length >> 25) + 19;
            byte[] out = new byte[Integer.BYTES + bound];
            ByteBuffer.wrap(out).putInt(lines.length);
            int n = Integer.BYTES;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2); // never with the bound above; never a loop without room
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.reset();
        }
    }

    private static byte[] inflate(byte[] plain) {
        if (plain.length < Integer.BYTES) {
            throw new UnreadableJobDataException();
        }
        int length = ByteBuffer.wrap(plain).getInt();
        if (length < 0) {
            throw new UnreadableJobDataException();
        }
        Inflater inflater = INFLATERS.get();
        try {
            inflater.setInput(plain, Integer.BYTES, plain.length - Integer.BYTES);
            byte[] lines = new byte[length];
            int n = 0;
            while (n < length && !inflater.finished()) {
                int got = inflater.inflate(lines, n, length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new UnreadableJobDataException();
                }
                n += got;
            }
            if (n != length) {
                throw new UnreadableJobDataException();
            }
            return lines;
        } catch (DataFormatException e) {
            throw new UnreadableJobDataException();
        } finally {
            inflater.reset();
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }

    /** Stored job data that does not open: the job cannot finish. */
    static final class UnreadableJobDataException extends RuntimeException {

        UnreadableJobDataException() {
            super("stored job data failed authentication (konagw.cache.secret changed, or the data was altered)",
                    null, false, false);
        }
    }
}
