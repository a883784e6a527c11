/**
 * The probe thread's side: runs probes asked for over a message port and posts each result back.
 * Its event loop does nothing else, so a probe's clock is read as soon as the response arrives,
 * whatever the main thread is busy with (ingestion, scrapes, garbage collection).
 * It also hosts the schedulers (scheduler-host.ts), so a tick starts its probe right here.
 * Started by probe-thread.ts; serveProbes is exported apart so tests can drive it over a MessageChannel.
 */
import { isMainThread, parentPort, type MessagePort } from 'node:worker_threads';
import { hostSchedules } from '../scheduler/scheduler-host';
import { runProbe as defaultRunProbe } from './registry';
import type { ProbeResult, ProbeSpec } from './types';

/** main → probe thread */
export type ProbeRequest =
  /** A spec the thread keeps until told to forget it; probes name it by specId. */
  | { readonly type: 'spec'; readonly specId: number; readonly spec: ProbeSpec }
  | { readonly type: 'forget'; readonly specId: number }
  | { readonly type: 'probe'; readonly id: number; readonly specId: number }
  | { readonly type: 'abort'; readonly id: number; readonly reason: string };

/** probe thread → main */
export interface ProbeAnswer {
  readonly id: number;
  readonly result: ProbeResult;
}

export function serveProbes(port: MessagePort | NonNullable<typeof parentPort>, runProbe = defaultRunProbe): void {
  const specs = new Map<number, ProbeSpec>();
  const running = new Map<number, AbortController>();
  port.on('message', (request: ProbeRequest) => {
    switch (request.type) {
      case 'spec':
        specs.set(request.specId, request.spec);
        return;
      case 'forget':
        specs.delete(request.specId);
        return;
      case 'abort':
        running.get(request.id)?.abort(new Error(request.reason));
        return;
      case 'probe':
        break;
      default:
        return; // a scheduler's message, for hostSchedules
    }
    const spec = specs.get(request.specId);
    if (!spec) {
      const result: ProbeResult = { success: false, reason: 'protocol_error', message: `probe thread: unknown spec ${request.specId}`, durationSeconds: 0 };
      port.postMessage({ id: request.id, result } satisfies ProbeAnswer);
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    // runProbe never rejects.
    void runProbe(spec, controller.signal).then((result) => {
      running.delete(request.id);
      port.postMessage({ id: request.id, result } satisfies ProbeAnswer);
    });
  });
}

if (!isMainThread && parentPort) {
  serveProbes(parentPort);
  hostSchedules(parentPort, defaultRunProbe);
}
