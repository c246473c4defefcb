/**
 * What the OTLP exporters ({@code otlp_grpc}, {@code otlp_http}) and the {@code otlp} receiver share
 * besides the queue ({@code exporter.queue}) and TLS ({@code tls}): endpoints written as
 * {@code host:port}, {@code headers} mappings, the names of the items they count, and validation of
 * nested config records.
 */
package io.sockscope.pipeline.otlp;
