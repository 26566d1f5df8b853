package konagw.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that a client library would tidy up first: the request target goes on
 * the wire exactly as given ({@code /api/../actuator/env}, {@code %2e%2e}, {@code //}), or several requests on one
 * keep-alive connection, written at once ({@link KeepAlive}). Answers are read by their length.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 20_000;

    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static Response post(int port, String target, String contentType, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        // keep-alive: the server drains a body it did not read; closing at once could reset the connection
        String head = "POST " + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Accept: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n\r\n";
        try (KeepAlive connection = new KeepAlive(port, TIMEOUT_MILLIS)) {
            connection.write(head.getBytes(StandardCharsets.US_ASCII), content);
            return connection.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One keep-alive connection: requests written as given (several in one write: pipelined), answers read in order. */
    public static final class KeepAlive implements AutoCloseable {

        private final Socket socket;
        private final int port;

        public KeepAlive(int port, int readTimeoutMillis) {
            this.port = port;
            this.socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
                socket.setSoTimeout(readTimeoutMillis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Bodyless GETs, all in one write, so that the server receives the later ones before it has answered. */
        public void get(String... targets) {
            StringBuilder requests = new StringBuilder();
            for (String target : targets) {
                requests.append("GET ").append(target).append(" HTTP/1.1\r\n")
                        .append("Host: 127.0.0.1:").append(port).append("\r\n")
                        .append("Accept: application/json\r\n\r\n");
            }
            write(requests.toString().getBytes(StandardCharsets.US_ASCII));
        }

        private void write(byte[]... parts) {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte[] part : parts) {
                    out.write(part);
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next answer on the connection; a {@link java.net.SocketTimeoutException} if none comes in time. */
        public Response read() throws IOException {
            return RawHttp.read(socket.getInputStream());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before a complete HTTP response head");
            }
            headBytes.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        if (status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return out.toByteArray();
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (length == 0) {
                in.readNBytes(2);
                return out.toByteArray();
            }
            out.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }
}
