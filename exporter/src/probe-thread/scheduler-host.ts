/**
 * The probe thread's side of a scheduler: runs createScheduler there, so a tick starts its probe
 * on the thread that times it, and reports finished probes to the main thread in batches (one
 * wake-up of the main thread for many probes when they are frequent). Results are recorded at
 * most RESULT_BATCH_MS late; their durations were measured here, so batching changes no timing.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import type { ScheduleReport, ScheduleRequest } from './schedule-messages';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';

/**
 * 50 ms: at 100 probes/s about five results a message instead of one, so each thread wakes the
 * other a fifth as often (a postMessage was 10–15% of the probe thread's CPU at that rate), and the
 * main thread's store writes for a batch leave in one auto-pipelined write. A state change is
 * recorded 50 ms later at most, against probe intervals of seconds.
 */
export const RESULT_BATCH_MS = 50;

interface Port {
  postMessage(message: ScheduleReport): void;
}

type RunProbe = (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;

function hostOne(port: Port, request: Extract<ScheduleRequest, { type: 'schedule' }>, runProbe: RunProbe) {
  const { generation } = request;
  let results: Array<{ code: string; result: ProbeResult }> = [];
  let skipped: Array<{ code: string; ticks: number }> = [];
  let answers: Array<{ id: number; result: ProbeResult }> = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (results.length === 0 && skipped.length === 0 && answers.length === 0) return;
    port.postMessage({ type: 'results', generation, results, skipped, answers, inFlight: scheduler.inFlight() });
    results = [];
    skipped = [];
    answers = [];
  };
  const later = (): void => {
    timer ??= setTimeout(flush, RESULT_BATCH_MS);
  };
  let answering = false;
  /**
   * An answer is awaited: the batch leaves at the end of this turn, with every answer of probes
   * that ended in it (16 in flight on a fast target often end several to a wake-up).
   */
  const soon = (): void => {
    if (answering) return;
    answering = true;
    setImmediate(() => {
      answering = false;
      flush();
    });
  };
  const scheduler: Scheduler = createScheduler({
    regions: request.regions,
    maxConcurrent: request.maxConcurrent,
    runProbe,
    onResult: async (region, result) => {
      results.push({ code: region.code, result });
      later();
    },
    onSkipped: (region, ticks) => {
      skipped.push({ code: region.code, ticks });
      later();
    },
  });
  scheduler.start();
  return {
    probeNow(id: number, code: string): void {
      // Regions are checked on the main thread; an unknown one here is a bug, answered as a failed probe.
      void scheduler.probeNow(code).then(
        (result) => ({ result }),
        (error: Error) => ({ result: { success: false, reason: 'protocol_error', message: error.message, durationSeconds: 0 } satisfies ProbeResult }),
      ).then(({ result }) => {
        // Its result was pushed to the batch when the probe ended, so the answer travels with it (or after it).
        answers.push({ id, result });
        soon();
      });
    },
    async stop(): Promise<void> {
      await scheduler.stop();
      flush();
      port.postMessage({ type: 'unscheduled', generation });
    },
  };
}

const STOPPED: ProbeResult = { success: false, reason: 'timeout', message: 'aborted: the scheduler has stopped', durationSeconds: 0 };

export function hostSchedules(port: Port & Pick<MessagePort, 'on'>, runProbe: RunProbe): void {
  const hosted = new Map<number, ReturnType<typeof hostOne>>();
  port.on('message', (request: ScheduleRequest) => {
    switch (request.type) {
      case 'schedule':
        hosted.set(request.generation, hostOne(port, request, runProbe));
        return;
      case 'probeNow': {
        const one = hosted.get(request.generation);
        if (one) for (const { id, code } of request.asks) one.probeNow(id, code);
        else port.postMessage({ type: 'probed', generation: request.generation, answers: request.asks.map(({ id }) => ({ id, result: STOPPED })) });
        return;
      }
      case 'unschedule': {
        const one = hosted.get(request.generation);
        hosted.delete(request.generation);
        if (one) void one.stop();
        else port.postMessage({ type: 'unscheduled', generation: request.generation });
        return;
      }
    }
  });
}
