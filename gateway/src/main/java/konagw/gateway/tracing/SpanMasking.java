package konagw.gateway.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import konagw.gateway.logging.PanMasking;

/**
 * Masks card-number-long digit runs ({@link PanMasking}) in every key value and the contextual name of an
 * observation before its span is tagged and exported. The gateway's own spans never carry a card; this is for
 * what frameworks record: Spring's server {@code http.url} and Spring Cloud Gateway's {@code http.uri} hold a
 * passthrough request's path and query as the caller sent them. Registered only when tracing is on: without
 * tracing, observations feed metrics, whose tags are URI templates.
 */
final class SpanMasking implements ObservationFilter {

    @Override
    public Observation.Context map(Observation.Context context) {
        for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
            String masked = PanMasking.mask(keyValue.getValue());
            if (masked != keyValue.getValue()) {
                context.addLowCardinalityKeyValue(KeyValue.of(keyValue.getKey(), masked));
            }
        }
        for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
            String masked = PanMasking.mask(keyValue.getValue());
            if (masked != keyValue.getValue()) {
                context.addHighCardinalityKeyValue(KeyValue.of(keyValue.getKey(), masked));
            }
        }
        String name = context.getContextualName();
        if (name != null) {
            context.setContextualName(PanMasking.mask(name));
        }
        return context;
    }
}
