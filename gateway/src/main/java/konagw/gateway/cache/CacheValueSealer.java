package konagw.gateway.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import konagw.core.inquiry.VirtualAccount;
import konagw.core.random.NonBlockingRandom;

/**
 * Seals cache values with AES-256-GCM. The Redis key is the associated data, so a value copied under
 * another card's key fails to open instead of answering for the wrong card.
 * Layout: version(1) | iv(12) | ciphertext+tag.
 */
public final class CacheValueSealer {

    private static final byte VERSION = 1;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = NonBlockingRandom.get();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(CacheValueSealer::newCipher);

    public CacheValueSealer(SecretKey aesKey) {
        this.key = aesKey;
    }

    public byte[] seal(String redisKey, CacheEntry entry) {
        byte[] plain = encode(entry);
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(redisKey.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer out = ByteBuffer.allocate(1 + IV_LENGTH + cipher.getOutputSize(plain.length));
            out.put(VERSION).put(iv);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /** @throws CorruptCacheValueException when the value was tampered with, moved, or is of an unknown version */
    public CacheEntry open(String redisKey, byte[] sealed) {
        if (sealed.length < 1 + IV_LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new CorruptCacheValueException("unknown cache value layout");
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_LENGTH));
            cipher.updateAAD(redisKey.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = cipher.doFinal(sealed, 1 + IV_LENGTH, sealed.length - 1 - IV_LENGTH);
            return decode(plain);
        } catch (GeneralSecurityException e) {
            throw new CorruptCacheValueException("cache value failed authentication");
        }
    }

    /** Plain layout: outcome(1) | freshUntil epoch millis(8) | 4 × (length(2) | UTF-8) for an account. */
    private static byte[] encode(CacheEntry entry) {
        VirtualAccount account = entry.account();
        byte[][] fields = account == null ? new byte[0][]
                : new byte[][] {utf8(account.accountNo()), utf8(account.bankCode()), utf8(account.connectType()),
                    utf8(account.status())};
        int size = 1 + Long.BYTES;
        for (byte[] field : fields) {
            size += 2 + field.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(entry.outcome().code()).putLong(entry.freshUntil().toEpochMilli());
        for (byte[] field : fields) {
            out.putShort((short) field.length).put(field);
        }
        return out.array();
    }

    private static CacheEntry decode(byte[] plain) {
        try {
            ByteBuffer in = ByteBuffer.wrap(plain);
            CachedOutcome outcome = CachedOutcome.ofCode(in.get());
            Instant freshUntil = Instant.ofEpochMilli(in.getLong());
            VirtualAccount account = outcome == CachedOutcome.ACCOUNT
                    ? new VirtualAccount(field(in), field(in), field(in), field(in))
                    : null;
            return new CacheEntry(outcome, account, freshUntil);
        } catch (RuntimeException e) {
            throw new CorruptCacheValueException("cache value does not decode");
        }
    }

    /** Length-prefixed like {@code DataOutput.writeUTF}, byte for byte the same for the vendor's text. */
    private static byte[] utf8(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("cache field too long");
        }
        return bytes;
    }

    private static String field(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new IllegalArgumentException("field runs past the value");
        }
        int from = in.position();
        in.position(from + length);
        return new String(in.array(), from, length, StandardCharsets.UTF_8);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }
}
