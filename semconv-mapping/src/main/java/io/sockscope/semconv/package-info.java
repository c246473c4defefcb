/**
 * Maps {@link io.sockscope.receiver.Exchange}s to OTLP spans and resources, following the OpenTelemetry
 * semantic conventions 1.45 (stable attributes first). Pure functions of their input, plus bounded caches.
 *
 * <p>Entry points: {@link io.sockscope.semconv.SpanMapper} (one exchange, one span),
 * {@link io.sockscope.semconv.resource.ResourceMapper} (one process, one resource) and
 * {@link io.sockscope.semconv.SpanBatcher} (exchanges grouped into {@code ResourceSpans}).
 */
package io.sockscope.semconv;
