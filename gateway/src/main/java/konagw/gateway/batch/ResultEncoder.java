package konagw.gateway.batch;

import konagw.core.inquiry.VendorError;
import konagw.core.inquiry.VirtualAccount;
import konagw.gateway.inquiry.LookupResult;

/**
 * One result as JSON, the same in every output format (a batch's JSON array and NDJSON, a job's stored lines):
 * {@code {"index":i,"source":…,"accountNo":…,"bankCode":…,"connectType":…,"status":…}} or
 * {@code {"index":i[,"source":…],"error":{"code":…,"message":…}}}; {@code source} is present when a lookup
 * answered (an account, or a vendor code such as {@code 003_029}, from CACHE, UPSTREAM or STALE).
 */
final class ResultEncoder {

    private static final byte[] INDEX = ByteOut.ascii("{\"index\":");
    private static final byte[] SOURCE = ByteOut.ascii(",\"source\":\"");
    private static final byte[] ACCOUNT_NO = ByteOut.ascii(",\"accountNo\":");
    private static final byte[] BANK_CODE = ByteOut.ascii(",\"bankCode\":");
    private static final byte[] CONNECT_TYPE = ByteOut.ascii(",\"connectType\":");
    private static final byte[] STATUS = ByteOut.ascii(",\"status\":");
    private static final byte[] ERROR_CODE = ByteOut.ascii(",\"error\":{\"code\":");
    private static final byte[] ERROR_MESSAGE = ByteOut.ascii(",\"message\":");

    /** Added to every index written: a job chunk's first index in its job. */
    private final int indexOffset;

    ResultEncoder(int indexOffset) {
        this.indexOffset = indexOffset;
    }

    /** @return the error code written, {@code null} for an account */
    String result(ByteOut out, int index, Resolved resolved) {
        LookupResult result = resolved.result();
        if (result == null) {
            return error(out, index, null, resolved.errorCode(), resolved.errorMessage());
        }
        if (!result.found()) {
            VendorError error = result.vendorError();
            return error(out, index, result.source().name(), error.code(), error.message());
        }
        VirtualAccount account = result.account();
        out.write(INDEX);
        out.writeLong((long) index + indexOffset);
        out.write(SOURCE);
        out.writeAscii(result.source().name());
        out.write('"');
        out.write(ACCOUNT_NO);
        out.writeString(account.accountNo());
        out.write(BANK_CODE);
        out.writeString(account.bankCode());
        out.write(CONNECT_TYPE);
        out.writeString(account.connectType());
        out.write(STATUS);
        out.writeString(account.status());
        out.write('}');
        return null;
    }

    /** @return the error code written */
    String invalid(ByteOut out, int index, BatchPlan.Invalid invalid) {
        return error(out, index, null, invalid.code().code(), invalid.message());
    }

    private String error(ByteOut out, int index, String source, String code, String message) {
        out.write(INDEX);
        out.writeLong((long) index + indexOffset);
        if (source != null) {
            out.write(SOURCE);
            out.writeAscii(source);
            out.write('"');
        }
        out.write(ERROR_CODE);
        out.writeString(code);
        out.write(ERROR_MESSAGE);
        out.writeString(message);
        out.write('}');
        out.write('}');
        return code;
    }
}
