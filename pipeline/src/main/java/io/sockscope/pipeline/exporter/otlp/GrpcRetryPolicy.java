package io.sockscope.pipeline.exporter.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.sockscope.pipeline.exporter.queue.SendResult;

import javax.net.ssl.SSLException;
import java.time.Duration;

/**
 * OTLP/gRPC's rules for failed exports: which status codes are worth a retry, and how long the
 * server asks us to wait ({@code google.rpc.RetryInfo} in the status details).
 *
 * @see <a href="https://opentelemetry.io/docs/specs/otlp/#failures">OTLP failures</a>
 */
final class GrpcRetryPolicy {
    private GrpcRetryPolicy() {
    }

    static SendResult classify(Throwable error, String target) {
        Status status = Status.fromThrowable(error);
        Duration retryDelay = retryDelay(error);
        String reason = describe(status, target);
        return switch (status.getCode()) {
            case CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS ->
                    new SendResult.Retryable(reason, retryDelay);
            // the server can recover only if it said when (OTLP spec)
            case RESOURCE_EXHAUSTED -> retryDelay != null
                    ? new SendResult.Retryable(reason, retryDelay)
                    : new SendResult.Permanent(reason);
            default -> new SendResult.Permanent(reason);
        };
    }

    /** The {@code RetryInfo.retry_delay} in the status details, or null. */
    static Duration retryDelay(Throwable error) {
        com.google.rpc.Status details = StatusProto.fromThrowable(error);
        if (details == null) {
            return null;
        }
        for (Any any : details.getDetailsList()) {
            if (any.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration d = any.unpack(RetryInfo.class).getRetryDelay();
                    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String describe(Status status, String target) {
        StringBuilder sb = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            sb.append(": ").append(firstLine(status.getDescription()));
        }
        boolean tls = false;
        Throwable root = null;
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            tls |= t instanceof SSLException || t.getClass().getSimpleName().contains("Ssl");
            root = t;
        }
        if (tls) {
            sb.append(" (TLS with ").append(target).append(" failed: ").append(firstLine(String.valueOf(root.getMessage())))
                    .append("; check tls.ca_file, and tls.cert_file/key_file if the server asks for a client certificate;")
                    .append(" for a plaintext backend set tls.insecure: true or write the endpoint as http://").append(target).append(")");
        }
        return sb.toString();
    }

    /** grpc-java appends the Netty pipeline to some descriptions, on further lines. */
    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
