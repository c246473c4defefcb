package io.sockscope.pipeline;

/**
 * Thrown by a consumer that refuses data it could take later (the memory limiter above its soft
 * limit). A receiver maps it to a retryable answer (gRPC {@code RESOURCE_EXHAUSTED}, HTTP 429/503)
 * or drops the data; the assembler counts it in {@code otelcol_receiver_refused_<items>}.
 */
public class DataRefusedException extends RuntimeException {
    public DataRefusedException(String message) {
        super(message, null, false, false);
    }
}
