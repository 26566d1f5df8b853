package konagw.gateway.inquiry;

/** Where an answer came from; the facade shows it as {@code X-Cache}, the batch as {@code source}. */
public enum LookupSource {
    CACHE("HIT"),
    UPSTREAM("MISS"),
    STALE("STALE");

    private final String cacheHeader;

    LookupSource(String cacheHeader) {
        this.cacheHeader = cacheHeader;
    }

    public String cacheHeader() {
        return cacheHeader;
    }
}
