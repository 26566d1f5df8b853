package konagw.gateway.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import konagw.gateway.config.Problems;

/**
 * {@code konagw.audit.*}: the audit trail of card lookups and passthrough calls (deploy/OPERATIONS.md "Audit trail").
 *
 * @param enabled Whether audit events are written (on unless switched off explicitly).
 * @param output  Where the events go: stdout (the default: one JSON object per line on standard output, beside the
 *                application's log lines), log (through the application's log appenders: after the text prefix, or as
 *                an ECS line's message) or file (konagw.audit.file, and the default when that is set).
 * @param file    A file that receives the audit events alone, one JSON object per line.
 * @param perCardBatch Whether a batch also writes one audit event per card it looked up (masked card, source,
 *                result), next to its own event with the counts; a job likewise per card of each stored chunk.
 * @param queueCapacity Audit events that may wait for the audit writer (a thread of its own); an event that finds the
 *                queue full is counted in konagw.audit.failures, like any event that could not be written.
 */
@Validated
@ConfigurationProperties("konagw.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, AuditOutput output, String file,
        @DefaultValue("false") boolean perCardBatch,
        @Min(1) @DefaultValue("65536") int queueCapacity) {

    public AuditProperties {
        boolean hasFile = file != null && !file.isBlank();
        if (output == null) {
            output = hasFile ? AuditOutput.FILE : AuditOutput.STDOUT;
        }
        Problems problems = new Problems();
        if (output == AuditOutput.FILE && !hasFile) {
            problems.add("konagw.audit.output=file needs konagw.audit.file");
        }
        if (output != AuditOutput.FILE && hasFile) {
            problems.add("konagw.audit.file is set, but konagw.audit.output is " + output.name().toLowerCase()
                    + ": leave the output unset, or set it to file");
        }
        problems.throwIfAny();
    }
}
