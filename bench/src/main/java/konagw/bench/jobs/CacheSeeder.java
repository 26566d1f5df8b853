package konagw.bench.jobs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import konagw.core.card.CardNumber;
import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.cache.CacheEntry;
import konagw.gateway.cache.CacheKeys;
import konagw.gateway.cache.CacheSecrets;
import konagw.gateway.cache.CacheValueSealer;
import konagw.gateway.cache.CachedOutcome;

/**
 * Writes, as Redis protocol on stdout for {@code redis-cli --pipe}, the cache entries a gateway with the same
 * {@code konagw.cache.secret} would have written for {@code count} cards from {@code firstCard} on: keyed and sealed by
 * the gateway's own classes, so a warm benchmark of a million cards does not have to pay a million vendor calls first.
 * <p>Usage: {@code CacheSeeder <cache secret, base64> <first card, 16 digits> <count> <ttl seconds>}
 */
public final class CacheSeeder {

    private CacheSeeder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: CacheSeeder <cache secret base64> <first card> <count> <ttl seconds>");
            System.exit(2);
        }
        CacheSecrets secrets = CacheSecrets.fromBase64(args[0]);
        long first = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        byte[] ttl = args[3].getBytes(StandardCharsets.US_ASCII);
        CacheKeys keys = new CacheKeys(secrets.keyHmacKey());
        CacheValueSealer sealer = new CacheValueSealer(secrets.valueAesKey());
        Instant freshUntil = Instant.now().plusSeconds(Long.parseLong(args[3]));
        try (OutputStream out = new BufferedOutputStream(System.out, 1 << 16)) {
            for (int i = 0; i < count; i++) {
                String card = String.format("%016d", first + i);
                String key = keys.keyOf(CardNumber.parse(card));
                VirtualAccount account = new VirtualAccount(String.format("%014d", 40_000_000_000_000L + i), "088",
                        VirtualAccount.FIXATION, "ACTIVE");
                byte[] value = sealer.seal(key, new CacheEntry(CachedOutcome.ACCOUNT, account, freshUntil));
                command(out, "SET".getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII), value,
                        "EX".getBytes(StandardCharsets.US_ASCII), ttl);
            }
        }
    }

    private static void command(OutputStream out, byte[]... parts) throws IOException {
        out.write(('*' + Integer.toString(parts.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            out.write(('$' + Integer.toString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write('\r');
            out.write('\n');
        }
    }
}
