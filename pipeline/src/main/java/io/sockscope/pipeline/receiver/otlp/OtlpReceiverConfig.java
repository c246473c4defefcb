package io.sockscope.pipeline.receiver.otlp;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.pipeline.otlp.HostPort;
import io.sockscope.pipeline.otlp.NestedValidation;
import io.sockscope.pipeline.tls.ServerTlsConfig;

/**
 * Settings of the {@code otlp} receiver, the Collector's {@code otlpreceiver} keys. A protocol runs
 * only when its key is written; {@code grpc:} or {@code grpc: {}} runs it with its defaults.
 *
 * <pre>{@code
 * receivers:
 *   otlp:
 *     protocols:
 *       grpc: {endpoint: 127.0.0.1:4317, max_recv_msg_size_mib: 4, tls: {cert_file: s.pem, key_file: s-key.pem}}
 *       http: {endpoint: 127.0.0.1:4318}
 * }</pre>
 */
public record OtlpReceiverConfig(Protocols protocols) implements Validated {
    public OtlpReceiverConfig {
        protocols = protocols == null ? new Protocols(null, null) : protocols;
    }

    /** No protocol: the user must name at least one, as in the Collector. */
    public static OtlpReceiverConfig defaults() {
        return new OtlpReceiverConfig(new Protocols(null, null));
    }

    @Override
    public void validate() {
        if (protocols.grpc() == null && protocols.http() == null) {
            throw new InvalidValueException("protocols", "the otlp receiver needs at least one protocol",
                    "add protocols: {grpc: {endpoint: 127.0.0.1:4317}} and/or protocols: {http: {endpoint: 127.0.0.1:4318}}");
        }
        NestedValidation.validate("protocols", protocols);
    }

    /** @param grpc OTLP/gRPC server, null when not written; @param http OTLP/HTTP server, null when not written */
    public record Protocols(Grpc grpc, Http http) implements Validated {
        @Override
        public void validate() {
            if (grpc != null) {
                NestedValidation.validate("grpc", grpc);
            }
            if (http != null) {
                NestedValidation.validate("http", http);
            }
        }
    }

    /**
     * @param endpoint          {@code host:port} to listen on; port 0 picks a free port
     * @param tls               serve TLS (mutual TLS with {@code client_ca_file}); plaintext when absent
     * @param maxRecvMsgSizeMib largest request accepted, in MiB
     */
    public record Grpc(String endpoint, ServerTlsConfig tls, Integer maxRecvMsgSizeMib) implements Validated {
        public static final String DEFAULT_ENDPOINT = "127.0.0.1:4317";

        public Grpc {
            endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint.strip();
            maxRecvMsgSizeMib = maxRecvMsgSizeMib == null ? 4 : maxRecvMsgSizeMib;
        }

        public static Grpc defaults() {
            return new Grpc(null, null, null);
        }

        public static Grpc on(String endpoint) {
            return new Grpc(endpoint, null, null);
        }

        @Override
        public void validate() {
            checkEndpoint(endpoint, DEFAULT_ENDPOINT);
            if (maxRecvMsgSizeMib < 1 || maxRecvMsgSizeMib > 2047) {
                throw new InvalidValueException("max_recv_msg_size_mib", "max_recv_msg_size_mib must be 1-2047, got "
                        + maxRecvMsgSizeMib, "use 4 (the default) or the largest batch a sender makes, in MiB");
            }
            if (tls != null) {
                NestedValidation.validate("tls", tls);
            }
        }
    }

    /**
     * @param endpoint           {@code host:port} to listen on; port 0 picks a free port
     * @param tls                serve HTTPS (mutual TLS with {@code client_ca_file}); plaintext when absent
     * @param maxRequestBodySize largest request body accepted after decompression, in bytes
     */
    public record Http(String endpoint, ServerTlsConfig tls, Long maxRequestBodySize) implements Validated {
        public static final String DEFAULT_ENDPOINT = "127.0.0.1:4318";

        public Http {
            endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint.strip();
            maxRequestBodySize = maxRequestBodySize == null ? 20L * 1024 * 1024 : maxRequestBodySize;
        }

        public static Http defaults() {
            return new Http(null, null, null);
        }

        public static Http on(String endpoint) {
            return new Http(endpoint, null, null);
        }

        @Override
        public void validate() {
            checkEndpoint(endpoint, DEFAULT_ENDPOINT);
            if (maxRequestBodySize < 1 || maxRequestBodySize > Integer.MAX_VALUE - 8) {
                throw new InvalidValueException("max_request_body_size", "max_request_body_size must be 1 byte to 2 GiB, got "
                        + maxRequestBodySize, "use 20971520 (20 MiB, the default)");
            }
            if (tls != null) {
                NestedValidation.validate("tls", tls);
            }
        }
    }

    private static void checkEndpoint(String endpoint, String example) {
        try {
            HostPort.parse(endpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("endpoint", "endpoint " + e.getMessage(),
                    "write host:port, e.g. " + example + " (0.0.0.0 or :port listens on every interface)");
        }
    }
}
