'use strict';
// The OpenTelemetry Node SDK with its HTTP instrumentation only, exporting spans over OTLP/HTTP
// (protobuf) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT in batches every 200 ms. Loaded before the
// server with `node --require ./tracing.js server.js PORT`; flushes and stops on SIGTERM.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');

const sdk = new NodeSDK({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 200 })],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();

process.on('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
