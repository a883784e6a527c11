/**
 * Probes on a worker thread of their own (probe-worker.ts). The main thread keeps the scheduler,
 * health, the store and metrics; it posts each probe and gets the result back. A probe's start and
 * end are read on the probe thread, so parsing ingestion batches, rendering /metrics or a garbage
 * collection on the main thread cannot make a probe look slower than the target was.
 *
 * Same contract as ProbeFn: runProbe resolves with a result and never rejects. If the thread
 * dies, its probes fail as protocol errors and the next probe starts a new thread.
 *
 * Per probe, as little crosses as possible: a spec is copied to the thread once (the config's
 * specs are frozen objects, alive until a reload replaces them), then named by a number; one abort
 * listener serves every probe sharing a signal; one sweep, not a timer per probe, guards against a
 * thread that stopped answering.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../../common/log';
import { isScheduleReport, type ScheduleRequest } from '../scheduler/schedule-messages';
import type { Scheduler, SchedulerDeps } from '../scheduler/scheduler';
import { createSchedulerProxy, type SchedulerProxy } from '../scheduler/scheduler-proxy';
import { describeError, failure } from './failure';
import type { ProbeAnswer, ProbeRequest } from './probe-worker';
import type { ProbeFailureReason, ProbeResult, ProbeSpec } from './types';

/** Past the probe's own deadline, how long to wait for a thread that has stopped answering. */
const ANSWER_GRACE_MS = 2000;
const SWEEP_EVERY_MS = 1000;
/** A thread that died is replaced after this, so one that cannot start does not spin. */
const RESTART_DELAY_MS = 1000;

export interface ProbeThreadDeps {
  readonly log: Logger;
}

export interface ProbeThread {
  runProbe(spec: ProbeSpec, signal?: AbortSignal): Promise<ProbeResult>;
  /**
   * A scheduler running on the probe thread; deps.runProbe is not used (the thread probes with
   * the registry's). Results, skipped ticks and probe-now answers come back to deps here.
   */
  createScheduler(deps: SchedulerDeps): Scheduler;
  /** Stops the thread; probes still waiting resolve as aborted. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (result: ProbeResult) => void;
  readonly startedAt: number;
  readonly answerBy: number;
  readonly signal?: AbortSignal;
}

/** One running thread and the specs it has been given. */
interface Running {
  readonly worker: Worker;
  readonly specIds: WeakMap<ProbeSpec, number>;
}

/**
 * The worker runs the TypeScript sources as the exporter does: through tsx's require hook when
 * these are .ts files (the loader given with --import does not reach worker threads).
 */
function spawnWorker(): Worker {
  const entry = join(__dirname, `probe-worker${extname(__filename)}`);
  if (extname(entry) !== '.ts') return new Worker(entry);
  const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true });
}

const failed = (reason: ProbeFailureReason, message: string, startedAt: number): ProbeResult => ({
  ...failure(reason, message),
  durationSeconds: (performance.now() - startedAt) / 1000,
});

export function startProbeThread(deps: ProbeThreadDeps): ProbeThread {
  const pending = new Map<number, Pending>();
  /** Probes waiting on each abort signal; one listener per signal. */
  const bySignal = new WeakMap<AbortSignal, Set<number>>();
  let running: Running | undefined;
  const schedulers = new Map<number, SchedulerProxy>();
  let nextGeneration = 0;
  let nextId = 0;
  let nextSpecId = 0;
  let closed = false;
  // The thread forgets a spec once the config holding it is gone.
  const forget = new FinalizationRegistry<{ worker: Worker; specId: number }>(({ worker, specId }) => {
    if (running?.worker === worker) worker.postMessage({ type: 'forget', specId } satisfies ProbeRequest);
  });

  const settle = (id: number, result: ProbeResult): void => {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (waiting.signal) bySignal.get(waiting.signal)?.delete(id);
    waiting.resolve(result);
  };
  const failAll = (reason: ProbeFailureReason, message: string): void => {
    for (const [id, { startedAt }] of pending) settle(id, failed(reason, message, startedAt));
  };
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const [id, waiting] of pending) if (now > waiting.answerBy) settle(id, failed('timeout', 'the probe thread did not answer', waiting.startedAt));
  }, SWEEP_EVERY_MS);
  sweep.unref();

  function thread(): Running {
    if (running) return running;
    const worker = spawnWorker();
    worker.unref();
    worker.on('message', (message: ProbeAnswer | unknown) => {
      if (isScheduleReport(message)) schedulers.get(message.generation)?.receive(message);
      else settle((message as ProbeAnswer).id, (message as ProbeAnswer).result);
    });
    worker.on('error', (error) => deps.log.error({ err: error }, 'probe thread failed; its probes count as failed'));
    worker.on('exit', (code) => {
      if (running?.worker === worker) running = undefined;
      if (closed) return failAll('timeout', 'aborted: the probe thread is closed');
      deps.log.error({ code }, 'probe thread exited; starting a new one');
      failAll('protocol_error', `probe thread exited (code ${code})`);
      for (const scheduler of schedulers.values()) scheduler.threadLost(`probe thread exited (code ${code})`);
      setTimeout(() => {
        if (!closed) for (const scheduler of schedulers.values()) scheduler.reschedule();
      }, RESTART_DELAY_MS).unref();
    });
    running = { worker, specIds: new WeakMap() };
    return running;
  }

  function specId(spec: ProbeSpec): number {
    const { worker, specIds } = thread();
    let id = specIds.get(spec);
    if (id === undefined) {
      id = nextSpecId++;
      specIds.set(spec, id);
      worker.postMessage({ type: 'spec', specId: id, spec } satisfies ProbeRequest);
      forget.register(spec, { worker, specId: id });
    }
    return id;
  }

  function watch(signal: AbortSignal, id: number): void {
    let ids = bySignal.get(signal);
    if (!ids) {
      const watching = new Set<number>();
      ids = watching;
      bySignal.set(signal, watching);
      signal.addEventListener('abort', () => {
        const reason = describeError(signal.reason);
        for (const waiting of watching) running?.worker.postMessage({ type: 'abort', id: waiting, reason } satisfies ProbeRequest);
      }, { once: true });
    }
    ids.add(id);
  }

  // Started now, so the first probe does not wait for the thread to load its code.
  thread();
  return {
    runProbe(spec, signal) {
      const startedAt = performance.now();
      if (closed) return Promise.resolve(failed('timeout', 'aborted: the probe thread is closed', startedAt));
      return new Promise<ProbeResult>((resolve) => {
        const id = nextId++;
        const timeoutMs = Number.isFinite(spec.timeoutMs) ? Math.max(0, spec.timeoutMs) : 0;
        pending.set(id, { resolve, startedAt, answerBy: startedAt + timeoutMs + ANSWER_GRACE_MS, signal });
        try {
          const request: ProbeRequest = { type: 'probe', id, specId: specId(spec) };
          running!.worker.postMessage(request);
          if (signal?.aborted) running!.worker.postMessage({ type: 'abort', id, reason: describeError(signal.reason) } satisfies ProbeRequest);
          else if (signal) watch(signal, id);
        } catch (error) {
          settle(id, failed('protocol_error', `cannot hand the probe to its thread: ${describeError(error)}`, startedAt));
        }
      });
    },

    createScheduler(schedulerDeps) {
      const generation = nextGeneration++;
      const post = (request: ScheduleRequest): void => {
        if (!closed) thread().worker.postMessage(request);
      };
      const proxy = createSchedulerProxy({ post }, generation, schedulerDeps);
      schedulers.set(generation, proxy);
      return {
        start: () => proxy.start(),
        stop: async () => {
          if (!closed) await proxy.stop();
          schedulers.delete(generation);
        },
        probeNow: (code) => proxy.probeNow(code),
        inFlight: () => proxy.inFlight(),
      };
    },

    async close() {
      closed = true;
      clearInterval(sweep);
      const stopping = running;
      running = undefined;
      if (stopping) await stopping.worker.terminate();
      failAll('timeout', 'aborted: the probe thread is closed');
      for (const scheduler of schedulers.values()) scheduler.threadLost('aborted: the probe thread is closed');
    },
  };
}
