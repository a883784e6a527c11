/**
 * http.server.request.duration for every HTTP server of the process, without OpenTelemetry's HTTP
 * instrumentation: used when only metrics leave the process (no collector, so no span is ever
 * exported). The instrumentation starts a span per request even then — request attributes parsed
 * from the URL and headers, trace context extracted, a non-recording span, its context bound —
 * which was 3–4 % of the exporter's main thread under request-per-probe load, for a span nobody
 * reads. This records the same histogram (name, unit, buckets, attributes) from Node's own
 * `http.server.request.start` diagnostics channel, at the same moments: from the request event to
 * the response's close, or to its error.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { errorMonitor } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { ValueType, type Attributes, type Meter } from '@opentelemetry/api';

const REQUEST_START = 'http.server.request.start';

/** The instrumentation's buckets (seconds), so the series stay the same whichever records them. */
const BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Methods kept as they are; any other becomes `_OTHER` (the semantic conventions' rule). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

export function normalizedMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** The attributes known when the request starts: method, scheme, protocol version. */
function requestAttributes(request: IncomingMessage): Attributes {
  const attributes: Attributes = {
    'http.request.method': normalizedMethod(request.method),
    'url.scheme': (request.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http',
  };
  if (request.httpVersion) attributes['network.protocol.version'] = request.httpVersion;
  return attributes;
}

/** Starts recording; the returned function stops it. */
export function recordServerDurations(meter: Meter): () => void {
  const histogram = meter.createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: BUCKETS_S },
  });
  const onStart = (message: unknown): void => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const startedAt = performance.now();
    const attributes = requestAttributes(request);
    let recorded = false;
    const record = (): void => {
      recorded = true;
      histogram.record((performance.now() - startedAt) / 1000, attributes);
    };
    response.once(errorMonitor, (error: Error) => {
      if (recorded) return;
      attributes['error.type'] = error.name;
      record();
    });
    response.once('close', () => {
      if (recorded) return;
      const status = response.statusCode;
      if (status) attributes['http.response.status_code'] = status;
      if (status >= 500 && status < 600) attributes['error.type'] = String(status);
      record();
    });
  };
  subscribe(REQUEST_START, onStart);
  return () => unsubscribe(REQUEST_START, onStart);
}
