package konagw.core.headers;

import java.time.Instant;

import konagw.core.time.KonaTimeZone;

/**
 * The verified {@code X-KM-*} headers of one request.
 *
 * @param correlationId     {@code X-KM-Correlation-Id} as sent
 * @param correlationIdTime the instant its timestamp names
 * @param tranTime          {@code X-KM-Tran-Time} as an instant
 * @param zone              {@code X-KM-Time-Zone}
 */
public record SignedHeaders(String correlationId, Instant correlationIdTime, Instant tranTime, KonaTimeZone zone) {
}
