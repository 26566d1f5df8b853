package konagw.gateway.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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

    private static byte[] encode(CacheEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(entry.outcome().ordinal());
            out.writeLong(entry.freshUntil().toEpochMilli());
            VirtualAccount account = entry.account();
            if (account != null) {
                out.writeUTF(account.accountNo());
                out.writeUTF(account.bankCode());
                out.writeUTF(account.connectType());
                out.writeUTF(account.status());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static CacheEntry decode(byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            CachedOutcome outcome = CachedOutcome.values()[in.readUnsignedByte()];
            Instant freshUntil = Instant.ofEpochMilli(in.readLong());
            VirtualAccount account = outcome == CachedOutcome.ACCOUNT
                    ? new VirtualAccount(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF())
                    : null;
            return new CacheEntry(outcome, account, freshUntil);
        } catch (IOException | RuntimeException e) {
            throw new CorruptCacheValueException("cache value does not decode");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }
}
