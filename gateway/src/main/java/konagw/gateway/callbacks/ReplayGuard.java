package konagw.gateway.callbacks;

import reactor.core.publisher.Mono;

/** Remembers accepted callbacks so that the same correlation id is refused on every replica within the window. */
interface ReplayGuard {

    /** True if {@code key} was not claimed within the replay window (and now is); false for a replay. */
    Mono<Boolean> claim(String key);

    /** Forgets a claim, so that a delivery we answered 503 may come again under the same id. */
    Mono<Void> release(String key);

    /** "redis" or "in-memory", for the startup log. */
    String kind();
}
