/**
 * Connectors: components that end one pipeline and start another, as in the Collector.
 * {@code spanmetrics} and {@code servicegraph} turn spans into metrics.
 */
package io.sockscope.pipeline.connector;
