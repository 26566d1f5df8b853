package konagw.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import konagw.gateway.config.Problems;

/**
 * The configured clients as SHA-256 digests of their keys. A presented key is hashed and compared with every
 * digest by {@link MessageDigest#isEqual} (constant time; all of them, so the time does not tell which client
 * came close). Keys themselves are never held.
 */
final class ApiKeys {

    private record Client(String id, byte[] digest) {
    }

    private final List<Client> clients;

    private ApiKeys(List<Client> clients) {
        this.clients = clients;
    }

    /** The keys of properties already checked where they were bound ({@link AuthProperties}). */
    static ApiKeys of(Map<String, String> configured) {
        Problems problems = new Problems();
        ApiKeys keys = parse(configured, problems);
        problems.throwIfAny();
        return keys;
    }

    static ApiKeys parse(Map<String, String> configured, Problems problems) {
        Map<String, String> sorted = new TreeMap<>(configured);
        List<Client> clients = new java.util.ArrayList<>();
        sorted.forEach((id, hex) -> {
            String property = "konagw.auth.api-keys." + id;
            if (id.isBlank() || id.length() > 64) {
                problems.add("konagw.auth.api-keys: a client id must be 1-64 characters");
                return;
            }
            String value = hex == null ? "" : hex.trim().toLowerCase(Locale.ROOT);
            if (!value.matches("[0-9a-f]{64}")) {
                problems.add(property + " must be the SHA-256 hex (64 hex characters) of the client's key, "
                        + "not the key itself");
                return;
            }
            clients.add(new Client(id, HexFormat.of().parseHex(value)));
        });
        return new ApiKeys(List.copyOf(clients));
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }

    int size() {
        return clients.size();
    }

    /** The client id whose key this is, or null. */
    String authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return null;
        }
        byte[] digest = sha256(presentedKey);
        String match = null;
        for (Client client : clients) {
            if (MessageDigest.isEqual(client.digest(), digest) && match == null) {
                match = client.id();
            }
        }
        return match;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
