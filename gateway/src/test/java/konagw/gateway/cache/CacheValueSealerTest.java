package konagw.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import konagw.core.card.CardNumber;
import konagw.core.inquiry.VirtualAccount;

class CacheValueSealerTest {

    final CacheSecrets secrets = CacheSecrets.derive("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    final CacheValueSealer sealer = new CacheValueSealer(secrets.valueAesKey());
    final CacheKeys keys = new CacheKeys(secrets.keyHmacKey());
    final String key = keys.keyOf(CardNumber.parse("9410000000000001"));
    final CacheEntry entry = new CacheEntry(CachedOutcome.ACCOUNT,
            new VirtualAccount("12345678901234", "088", "FIXATION", "ACTIVE"), Instant.ofEpochMilli(1_700_000_000_123L));

    @Test
    void roundTripsAndHidesTheAccountNumber() {
        byte[] sealed = sealer.seal(key, entry);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("12345678901234");
        assertThat(sealer.open(key, sealed)).isEqualTo(entry);
        assertThat(sealer.seal(key, entry)).isNotEqualTo(sealed); // fresh IV every time
    }

    @Test
    void negativeEntriesRoundTrip() {
        CacheEntry negative = new CacheEntry(CachedOutcome.CARD_NOT_FOUND, null, Instant.ofEpochSecond(42));
        assertThat(sealer.open(key, sealer.seal(key, negative))).isEqualTo(negative);
    }

    @Test
    void aValueMovedToAnotherCardsKeyDoesNotOpen() {
        byte[] sealed = sealer.seal(key, entry);
        String otherKey = keys.keyOf(CardNumber.parse("9410000000000002"));
        assertThatThrownBy(() -> sealer.open(otherKey, sealed)).isInstanceOf(CorruptCacheValueException.class);
    }

    @Test
    void aTamperedValueDoesNotOpen() {
        byte[] sealed = sealer.seal(key, entry);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.open(key, sealed)).isInstanceOf(CorruptCacheValueException.class);
        assertThatThrownBy(() -> sealer.open(key, new byte[] {1, 2, 3})).isInstanceOf(CorruptCacheValueException.class);
    }

    @Test
    void valuesWrittenWithTheDataOutputLayoutStillOpen() throws Exception {
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(plain)) {
            out.writeByte(CachedOutcome.ACCOUNT.ordinal());
            out.writeLong(entry.freshUntil().toEpochMilli());
            out.writeUTF("12345678901234");
            out.writeUTF("088");
            out.writeUTF("FIXATION");
            out.writeUTF("ACTIVE");
        }
        byte[] iv = new byte[12];
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, secrets.valueAesKey(), new javax.crypto.spec.GCMParameterSpec(128, iv));
        cipher.updateAAD(key.getBytes(StandardCharsets.US_ASCII));
        byte[] body = cipher.doFinal(plain.toByteArray());
        byte[] sealed = new byte[1 + iv.length + body.length];
        sealed[0] = 1;
        System.arraycopy(body, 0, sealed, 1 + iv.length, body.length);
        assertThat(sealer.open(key, sealed)).isEqualTo(entry);
    }

    @Test
    void nonAsciiFieldsRoundTrip() {
        CacheEntry korean = new CacheEntry(CachedOutcome.ACCOUNT,
                new VirtualAccount("12345678901234", "088", "FIXATION", "정상"), Instant.ofEpochSecond(42));
        assertThat(sealer.open(key, sealer.seal(key, korean))).isEqualTo(korean);
    }

    @Test
    void keysAreKeyedHashesOfTheCard() {
        assertThat(key).startsWith("konagw:va:v1:").hasSize("konagw:va:v1:".length() + 64).doesNotContain("9410000000000001");
        assertThat(keys.keyOf(CardNumber.parse("9410000000000001"))).isEqualTo(key);
        CacheSecrets other = CacheSecrets.derive("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThat(new CacheKeys(other.keyHmacKey()).keyOf(CardNumber.parse("9410000000000001"))).isNotEqualTo(key);
    }

    @Test
    void theSecretMustBeLongEnoughAndBase64() {
        assertThatThrownBy(() -> CacheSecrets.derive(new byte[31])).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> CacheSecrets.fromBase64("not base64!")).hasMessage("konagw.cache.secret must be Base64 (standard alphabet)");
        assertThat(CacheSecrets.fromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").keyHmacKey().getEncoded())
                .isEqualTo(secrets.keyHmacKey().getEncoded());
    }
}
