package konagw.core.keys;

/**
 * Key material could not be used. The message names the source (file or property) and what was expected; it
 * never carries key bytes, which is also why no parser exception is attached as the cause.
 */
public final class KeyMaterialException extends IllegalArgumentException {

    KeyMaterialException(String message) {
        super(message);
    }
}
