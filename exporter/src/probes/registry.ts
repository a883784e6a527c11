import { performance } from 'node:perf_hooks';
import { describeError, failure } from './failure';
import { httpProbe } from './http';
import { tcpProbe } from './tcp';
import type { ProbeFn, ProbeKind, ProbeResult, ProbeSpec } from './types';
import { websocketProbe } from './websocket';

/** Every probe kind and its function. Adding a kind is one file and one entry here. */
export const PROBES: { readonly [K in ProbeKind]: ProbeFn<Extract<ProbeSpec, { kind: K }>> } = Object.freeze({
  http: httpProbe,
  tcp: tcpProbe,
  websocket: websocketProbe,
});

/**
 * Runs the probe for spec.kind. Probes already never reject; this is the last resort that lets
 * the scheduler rely on it even for a spec that slipped past validation or a bug in a probe.
 */
export async function runProbe(spec: ProbeSpec, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  try {
    const kind: unknown = spec.kind;
    if (typeof kind !== 'string' || !Object.hasOwn(PROBES, kind)) {
      return { ...failure('protocol_error', `unknown probe kind ${JSON.stringify(kind)}`), durationSeconds: 0 };
    }
    // TypeScript cannot correlate spec.kind with PROBES[kind]; the map's type guarantees it.
    const probe = PROBES[spec.kind] as ProbeFn;
    return await probe(spec, signal);
  } catch (error) {
    const durationSeconds = (performance.now() - startedAt) / 1000;
    return { ...failure('protocol_error', `probe failed unexpectedly: ${describeError(error)}`), durationSeconds };
  }
}
