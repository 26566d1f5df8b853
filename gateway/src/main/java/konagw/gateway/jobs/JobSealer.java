package konagw.gateway.jobs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

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
 */
final class JobSealer {

    static final String INFO = "job-aes-gcm";

    private static final byte VERSION = 1;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

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

    byte[] seal(String jobId, int chunk, Part part, byte[] plain) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(jobId, chunk, part));
            ByteBuffer out = ByteBuffer.allocate(1 + IV_LENGTH + cipher.getOutputSize(plain.length));
            out.put(VERSION).put(iv);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /** @throws UnreadableJobDataException when tampered with, moved, or sealed under another secret */
    byte[] open(String jobId, int chunk, Part part, byte[] sealed) {
        if (sealed.length < 1 + IV_LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new UnreadableJobDataException();
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_LENGTH));
            cipher.updateAAD(associatedData(jobId, chunk, part));
            return cipher.doFinal(sealed, 1 + IV_LENGTH, sealed.length - 1 - IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new UnreadableJobDataException();
        }
    }

    private static byte[] associatedData(String jobId, int chunk, Part part) {
        return ("konagw-job:" + jobId + ':' + chunk + ':' + part.name()).getBytes(StandardCharsets.US_ASCII);
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
