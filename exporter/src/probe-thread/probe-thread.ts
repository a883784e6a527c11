/**
 * The probe thread: a worker thread (probe-worker.ts) that runs the scheduler and its probes
 * (scheduler-host.ts). The main thread keeps health, the store and metrics, and talks to each
 * scheduler through a proxy with the Scheduler interface (scheduler-proxy.ts). A probe's start and
 * end are read on the probe thread, so parsing ingestion batches, rendering /metrics or a garbage
 * collection on the main thread cannot make a probe look slower than the target was.
 *
 * If the thread dies, what waited on it fails as data, and its schedules move to a new thread a
 * second later.
 */
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../../../common/threads/start-worker';
import type { Logger } from '../../../common/log';
import { isScheduleReport, type ScheduleRequest } from './schedule-messages';
import type { Scheduler, SchedulerDeps } from '../scheduler/scheduler';
import { createSchedulerProxy, type SchedulerProxy } from './scheduler-proxy';

/** A thread that died is replaced after this, so one that cannot start does not spin. */
const RESTART_DELAY_MS = 1000;

export interface ProbeThreadDeps {
  readonly log: Logger;
}

export interface ProbeThread {
  /**
   * A scheduler running on the probe thread; deps.runProbe is not used (the thread probes with
   * the registry's). Results, skipped ticks and probe-now answers come back to deps here.
   */
  createScheduler(deps: SchedulerDeps): Scheduler;
  /** Stops the thread; schedulers still running end, and what waited on them fails as aborted. */
  close(): Promise<void>;
}

function spawnWorker(): Worker {
  return startSiblingWorker(__filename, 'probe-worker', { resourceLimits: PROBE_THREAD_LIMITS });
}

/**
 * The probe thread allocates little and briefly (a socket, a few buffers and timestamps per
 * probe), so a small nursery costs it nothing, where V8's default (semi-spaces of 16 MB) would
 * mostly show up as resident memory: each thread has its own heap.
 */
const PROBE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 6 };

export function startProbeThread(deps: ProbeThreadDeps): ProbeThread {
  const schedulers = new Map<number, SchedulerProxy>();
  let worker: Worker | undefined;
  let nextGeneration = 0;
  let closed = false;

  function thread(): Worker {
    if (worker) return worker;
    const started = spawnWorker();
    started.on('message', (message: unknown) => {
      if (isScheduleReport(message)) schedulers.get(message.generation)?.receive(message);
    });
    started.on('error', (error) => deps.log.error({ err: error }, 'probe thread failed'));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      if (closed) return;
      deps.log.error({ code }, 'probe thread exited; its schedules move to a new one');
      for (const scheduler of schedulers.values()) scheduler.threadLost(`probe thread exited (code ${code})`);
      setTimeout(() => {
        if (!closed) for (const scheduler of schedulers.values()) scheduler.reschedule();
      }, RESTART_DELAY_MS).unref();
    });
    // The HTTP server keeps the exporter alive; the thread alone must not. Unref'd after the
    // listeners are attached: attaching a 'message' listener refs the thread again.
    started.unref();
    worker = started;
    return started;
  }

  // Started now, so the first probes do not wait for the thread to load its code.
  thread();
  return {
    createScheduler(schedulerDeps) {
      const generation = nextGeneration++;
      const post = (request: ScheduleRequest): void => {
        if (!closed) thread().postMessage(request);
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
      const stopping = worker;
      worker = undefined;
      if (stopping) await stopping.terminate();
      for (const scheduler of schedulers.values()) scheduler.threadLost('aborted: the probe thread is closed');
    },
  };
}
